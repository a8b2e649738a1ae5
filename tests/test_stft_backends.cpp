// The FFT backend (FFTW on CPU, torch FFTs on CUDA) against the Conv backend (explicit Fourier
// kernels): both compute the same transform on the FFT grid, so every output format must agree.

#include <gtest/gtest.h>

#include <nnaudio/nnaudio.h>

#include "support/helpers.h"

namespace nnaudio::test {
namespace {

struct BackendCase {
  std::string name;
  STFTOptions options;
};

// Even and odd n_fft, windows shorter than the frame (centred in it, with an odd remainder for
// 400/301 and 255/200), centred and uncentred framing, both pad modes, and a truncated grid.
std::vector<BackendCase> backend_cases() {
  return {
      {"512_hann", STFTOptions(512).hop_length(128)},
      {"400_win300_reflect",
       STFTOptions(400).win_length(301).hop_length(100).pad_mode(PadMode::Reflect)},
      {"255_win200_hamming",
       STFTOptions(255).win_length(200).hop_length(64).window(Window::hamming())},
      {"256_uncentred",
       STFTOptions(256).win_length(200).hop_length(50).center(false).window(Window::blackman())},
      {"128_freq_bins40", STFTOptions(128).hop_length(32).freq_bins(40)},
  };
}

// Relative error of the phase, measured on the unit phasors exp(i phase) and only where |X| is
// above 1e-3 of its largest value: below that the phase of a rounding-level spectrum is noise.
double phase_error(const torch::Tensor& phase, const torch::Tensor& reference_phase,
                   const torch::Tensor& magnitude) {
  const auto keep = magnitude > 1e-3 * magnitude.max();
  const auto a = torch::polar(torch::ones_like(phase), phase).index({keep});
  const auto b = torch::polar(torch::ones_like(reference_phase), reference_phase).index({keep});
  return relative_error(a, b);
}

class StftBackends : public ::testing::TestWithParam<std::string> {};

TEST_P(StftBackends, AgreeForEveryOutputFormat) {
  const std::string device = GetParam();
  NNAUDIO_REQUIRE_DEVICE(device);
  torch::manual_seed(7);
  const auto signal = torch::randn({2, 3000}, torch::kFloat64).to(torch::Device(device));
  const std::vector<OutputFormat> formats = {OutputFormat::Complex, OutputFormat::RealImag,
                                             OutputFormat::Magnitude, OutputFormat::Power};
  // float64: both are exact transforms up to rounding (<= 1e-15 observed); float32: the kernels
  // are rounded to float32 and a conv1d sums n_fft products (<= 7e-7 observed).
  const std::vector<std::pair<torch::Dtype, double>> precisions = {{torch::kFloat64, 1e-12},
                                                                   {torch::kFloat32, 1e-5}};
  for (const auto& c : backend_cases()) {
    for (const auto& [dtype, tolerance] : precisions) {
      SCOPED_TRACE(c.name + (dtype == torch::kFloat64 ? " float64" : " float32"));
      const auto x = signal.to(dtype);
      auto run = [&](Backend backend, OutputFormat format) {
        STFT stft(STFTOptions(c.options).backend(backend).output_format(format));
        stft->to(torch::Device(device));
        EXPECT_EQ(stft->backend(), backend);
        return stft(x);
      };
      for (const auto format : formats) {
        SCOPED_TRACE(to_string(format));
        const auto fft = run(Backend::FFT, format);
        const auto conv = run(Backend::Conv, format);
        ASSERT_EQ(fft.sizes(), conv.sizes());
        ASSERT_EQ(fft.scalar_type(), conv.scalar_type());
        EXPECT_LE(relative_error(fft, conv), tolerance);
      }
      const auto magnitude = run(Backend::FFT, OutputFormat::Magnitude);
      // A bin's phase error is its spectrum's relative error, amplified by up to max|X| / |X|
      // <= 1e3 in the few smallest kept bins; over all kept bins the error stays within 10x of
      // the spectrum's (2x observed).
      EXPECT_LE(phase_error(run(Backend::FFT, OutputFormat::Phase),
                            run(Backend::Conv, OutputFormat::Phase), magnitude),
                tolerance * 10);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, StftBackends, ::testing::ValuesIn(device_names()),
                         device_test_name);

}  // namespace
}  // namespace nnaudio::test
