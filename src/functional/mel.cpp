#include "nnaudio/functional/mel.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

#include "functional/framing.h"
#include "nnaudio/threads.h"

namespace nnaudio::functional {
namespace {

// Frames per work item of the banded loops: a row segment of this length stays in L1 while the
// filter's bins are accumulated into it, and long signals still split across threads.
constexpr int64_t kTileFrames = 512;

void check_spectrogram(const torch::Tensor& spectrogram, int64_t bins) {
  TORCH_CHECK_VALUE(spectrogram.defined(), "mel_scale: spectrogram is an undefined tensor");
  TORCH_CHECK_TYPE(spectrogram.is_floating_point(),
                   "mel_scale: spectrogram must be a real "
                   "floating-point tensor (power or magnitude), got ",
                   spectrogram.scalar_type());
  TORCH_CHECK_VALUE(spectrogram.dim() >= 2 && spectrogram.size(-2) == bins,
                    "mel_scale: spectrogram must have shape (..., freq=", bins,
                    ", frames) to match the filter bank, got ", spectrogram.sizes());
}

// Where the banded loops run: plain CPU float32/float64 tensors.
bool banded_can_run(const torch::Tensor& spectrogram) {
  return spectrogram.device().is_cpu() && (spectrogram.scalar_type() == torch::kFloat32 ||
                                           spectrogram.scalar_type() == torch::kFloat64);
}

struct Bands {
  const int64_t* first;
  const int64_t* offsets;
  int64_t filters;
};

template <typename T>
void scaled_copy(T* __restrict__ out, T weight, const T* __restrict__ in, int64_t count) {
  for (int64_t t = 0; t < count; ++t) out[t] = weight * in[t];
}

template <typename T>
void accumulate(T* __restrict__ out, T weight, const T* __restrict__ in, int64_t count) {
  for (int64_t t = 0; t < count; ++t) out[t] += weight * in[t];
}

// Runs body(item, first frame, frame count) over (batch item, frame tile) work items on
// LibTorch's intra-op threads.
template <typename Body>
void for_each_tile(int64_t batch, int64_t frames, const Body& body) {
  const int64_t tiles = (frames + kTileFrames - 1) / kTileFrames;
  at::parallel_for(0, batch * tiles, 1, [&](int64_t begin, int64_t end) {
    for (int64_t id = begin; id < end; ++id) {
      const int64_t start = (id % tiles) * kTileFrames;
      body(id / tiles, start, std::min(kTileFrames, frames - start));
    }
  });
}

// out (batch, filters, frames) = W (filters, bins) @ in (batch, bins, frames).
template <typename T>
void banded_forward(const T* in, T* out, const Bands& bands, const T* weights, int64_t batch,
                    int64_t bins, int64_t frames) {
  for_each_tile(batch, frames, [&](int64_t item, int64_t start, int64_t count) {
    const T* source = in + item * bins * frames + start;
    T* target = out + item * bands.filters * frames + start;
    for (int64_t m = 0; m < bands.filters; ++m) {
      T* row = target + m * frames;
      const T* w = weights + bands.offsets[m];
      const int64_t length = bands.offsets[m + 1] - bands.offsets[m];
      const T* x = source + bands.first[m] * frames;
      if (length == 0) {
        std::fill_n(row, count, T(0));
        continue;
      }
      scaled_copy(row, w[0], x, count);
      for (int64_t j = 1; j < length; ++j) accumulate(row, w[j], x + j * frames, count);
    }
  });
}

// out (batch, bins, frames) = W^T @ in (batch, filters, frames): the adjoint of banded_forward.
template <typename T>
void banded_transpose(const T* in, T* out, const Bands& bands, const T* weights, int64_t batch,
                      int64_t bins, int64_t frames) {
  for_each_tile(batch, frames, [&](int64_t item, int64_t start, int64_t count) {
    const T* source = in + item * bands.filters * frames + start;
    T* target = out + item * bins * frames + start;
    for (int64_t f = 0; f < bins; ++f) std::fill_n(target + f * frames, count, T(0));
    for (int64_t m = 0; m < bands.filters; ++m) {
      const T* x = source + m * frames;
      const T* w = weights + bands.offsets[m];
      T* rows = target + bands.first[m] * frames;
      const int64_t length = bands.offsets[m + 1] - bands.offsets[m];
      for (int64_t j = 0; j < length; ++j) accumulate(rows + j * frames, w[j], x, count);
    }
  });
}

// y = W x (transpose=false) or W^T x on (batch, rows, frames) tensors; each direction's
// backward is the other, so the product is differentiable to any order.
class BandedProduct : public torch::autograd::Function<BandedProduct> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& first_bin, const torch::Tensor& offsets,
                               const torch::Tensor& weights, int64_t bins, bool transpose) {
    ctx->saved_data["first_bin"] = first_bin;
    ctx->saved_data["offsets"] = offsets;
    ctx->saved_data["weights"] = weights;
    ctx->saved_data["bins"] = bins;
    ctx->saved_data["transpose"] = transpose;
    const auto x = input.contiguous();
    const Bands bands{first_bin.data_ptr<int64_t>(), offsets.data_ptr<int64_t>(),
                      first_bin.size(0)};
    const int64_t batch = x.size(0);
    const int64_t frames = x.size(2);
    auto out = torch::empty({batch, transpose ? bins : bands.filters, frames}, x.options());
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "banded_mel_scale", [&] {
      const auto run = transpose ? banded_transpose<scalar_t> : banded_forward<scalar_t>;
      run(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), bands, weights.data_ptr<scalar_t>(),
          batch, bins, frames);
    });
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto& saved = ctx->saved_data;
    const auto grad = BandedProduct::apply(grads[0], saved["first_bin"].toTensor(),
                                           saved["offsets"].toTensor(), saved["weights"].toTensor(),
                                           saved["bins"].toInt(), !saved["transpose"].toBool());
    return {grad,           torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

torch::Tensor mel_scale(const torch::Tensor& spectrogram, const torch::Tensor& basis) {
  TORCH_CHECK_VALUE(basis.defined() && basis.dim() == 2,
                    "mel_scale: basis must be a 2-D tensor (n_filters, freq)");
  check_spectrogram(spectrogram, basis.size(1));
  return detail::bank_product(basis.to(spectrogram.device(), spectrogram.scalar_type()),
                              spectrogram);
}

BandedFilterbank::BandedFilterbank(const torch::Tensor& basis) {
  TORCH_CHECK_VALUE(basis.defined() && basis.dim() == 2 && !basis.is_complex(),
                    "BandedFilterbank: basis must be a real 2-D tensor (n_filters, n_bins)");
  const auto dense = basis.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  filters_ = dense.size(0);
  bins_ = dense.size(1);
  first_bin_ = torch::zeros({filters_}, torch::kInt64);
  offsets_ = torch::zeros({filters_ + 1}, torch::kInt64);
  auto* first = first_bin_.data_ptr<int64_t>();
  auto* offsets = offsets_.data_ptr<int64_t>();
  std::vector<double> runs;
  const double* values = dense.data_ptr<double>();
  for (int64_t m = 0; m < filters_; ++m) {
    const double* row = values + m * bins_;
    int64_t low = 0;
    int64_t high = bins_;
    while (low < high && row[low] == 0.0) ++low;
    while (high > low && row[high - 1] == 0.0) --high;
    first[m] = low < high ? low : 0;
    runs.insert(runs.end(), row + low, row + high);
    offsets[m + 1] = static_cast<int64_t>(runs.size());
  }
  weights_ = torch::tensor(runs, torch::kFloat64);
}

torch::Tensor BandedFilterbank::dense() const {
  auto out = torch::zeros({filters_, bins_}, torch::kFloat64);
  const auto* first = first_bin_.data_ptr<int64_t>();
  const auto* offsets = offsets_.data_ptr<int64_t>();
  for (int64_t m = 0; m < filters_; ++m) {
    const int64_t length = offsets[m + 1] - offsets[m];
    if (length > 0) {
      out[m].narrow(0, first[m], length).copy_(weights_.narrow(0, offsets[m], length));
    }
  }
  return out;
}

torch::Tensor mel_scale(const torch::Tensor& spectrogram, const BandedFilterbank& bank) {
  check_spectrogram(spectrogram, bank.bins());
  if (!banded_can_run(spectrogram)) return mel_scale(spectrogram, bank.dense());
  ensure_default_threads();
  std::vector<int64_t> shape(spectrogram.sizes().begin(), spectrogram.sizes().end());
  const int64_t frames = shape.back();
  int64_t batch = 1;
  for (std::size_t d = 0; d + 2 < shape.size(); ++d) batch *= shape[d];
  const auto packed = spectrogram.reshape({batch, bank.bins(), frames});
  const auto out =
      BandedProduct::apply(packed, bank.first_bin(), bank.offsets(),
                           bank.weights().to(spectrogram.scalar_type()), bank.bins(), false);
  shape[shape.size() - 2] = bank.filters();
  return out.reshape(shape);
}

}  // namespace nnaudio::functional
