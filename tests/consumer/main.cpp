// Uses the installed nnaudio package: builds an STFT and checks the shapes it returns.

#include <nnaudio/nnaudio.h>
#include <torch/torch.h>

#include <cstdio>
#include <sstream>
#include <vector>

namespace {

bool expect_shape(const char* what, const torch::Tensor& tensor, std::vector<int64_t> expected) {
  if (tensor.sizes() == torch::IntArrayRef(expected)) return true;
  std::ostringstream message;
  message << what << ": shape " << tensor.sizes() << ", expected " << torch::IntArrayRef(expected);
  std::fprintf(stderr, "consumer: %s\n", message.str().c_str());
  return false;
}

}  // namespace

int main() {
  // One second at 22050 Hz, centred frames every 512 samples: 1 + 22050 / 512 = 44 frames.
  const auto signal = torch::randn({2, 1, 22050}, torch::kFloat32);
  nnaudio::STFT stft(
      nnaudio::STFTOptions(2048).hop_length(512).output_format(nnaudio::OutputFormat::Magnitude));
  nnaudio::STFT conv(nnaudio::STFTOptions(2048)
                         .hop_length(512)
                         .output_format(nnaudio::OutputFormat::Magnitude)
                         .backend(nnaudio::Backend::Conv));
  const auto fft_out = stft->forward(signal);
  const auto conv_out = conv->forward(signal);

  bool ok = expect_shape("STFT (2, 1, 22050)", fft_out, {2, 1, 1025, 44});
  ok = expect_shape("STFT (22050)", stft->forward(signal[0][0]), {1025, 44}) && ok;
  const double difference = (fft_out - conv_out).abs().max().item<double>();
  const double scale = fft_out.abs().max().item<double>();
  if (!(difference <= 1e-4 * scale)) {
    std::fprintf(stderr, "consumer: FFT and Conv backends differ by %g (scale %g)\n", difference,
                 scale);
    ok = false;
  }
  if (!ok) return 1;
  std::printf("consumer: nnaudio STFT (2, 1, 22050) -> (2, 1, 1025, 44), backends agree\n");
  return 0;
}
