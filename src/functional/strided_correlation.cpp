#include "functional/strided_correlation.h"

#include <algorithm>
#include <vector>

#include "functional/framing.h"

namespace nnaudio::detail {
namespace {

/// The hop blocks of one kernel that hold its nonzero taps: blocks first .. first + count - 1.
struct BlockRun {
  int64_t first = 0;
  int64_t count = 0;
};

/// Every block of every kernel when the kernels train (a zero tap may become nonzero, and its
/// gradient is wanted); otherwise the blocks between each kernel's first and last nonzero tap.
std::vector<BlockRun> block_runs(const torch::Tensor& kernels, int64_t hop) {
  const int64_t filters = kernels.size(0);
  const int64_t size = kernels.size(1);
  const int64_t blocks = (size + hop - 1) / hop;
  std::vector<BlockRun> runs(filters, BlockRun{0, blocks});
  if (kernels.requires_grad()) return runs;
  const auto nonzero = kernels.ne(0).to(torch::kCPU, torch::kByte);
  const auto any = nonzero.amax(1);
  // argmax returns the first maximum: the first nonzero tap, from either end.
  const auto first = nonzero.argmax(1);
  const auto last = (size - 1) - nonzero.flip(1).argmax(1);
  const auto any_a = any.accessor<uint8_t, 1>();
  const auto first_a = first.accessor<int64_t, 1>();
  const auto last_a = last.accessor<int64_t, 1>();
  for (int64_t k = 0; k < filters; ++k) {
    runs[k] = any_a[k] != 0 ? BlockRun{first_a[k] / hop, last_a[k] / hop - first_a[k] / hop + 1}
                            : BlockRun{0, 0};
  }
  return runs;
}

}  // namespace

torch::Tensor strided_correlation(const torch::Tensor& signal, const torch::Tensor& kernels,
                                  int64_t hop, int64_t max_block_bytes) {
  TORCH_CHECK(signal.dim() == 2 && kernels.dim() == 2 && hop >= 1,
              "strided_correlation: expected (batch, time) and (filters, size), got ",
              signal.sizes(), " and ", kernels.sizes());
  const int64_t batch = signal.size(0);
  const int64_t filters = kernels.size(0);
  const int64_t size = kernels.size(1);
  const int64_t frames = frame_count(signal.size(1), size, hop);
  TORCH_CHECK(frames >= 1, "strided_correlation: ", signal.size(1), " samples hold no frame of ",
              size);
  const int64_t kernel_blocks = (size + hop - 1) / hop;
  const auto runs = block_runs(kernels, hop);

  // The blocks in use, one row each, kernel after kernel: W (rows, hop).
  std::vector<int64_t> rows;
  std::vector<int64_t> first_row(filters);
  for (int64_t k = 0; k < filters; ++k) {
    first_row[k] = static_cast<int64_t>(rows.size());
    for (int64_t j = 0; j < runs[k].count; ++j)
      rows.push_back(k * kernel_blocks + runs[k].first + j);
  }
  if (rows.empty()) return signal.new_zeros({batch, filters, frames});
  const auto blocked_kernels = torch::constant_pad_nd(kernels, {0, kernel_blocks * hop - size})
                                   .reshape({filters * kernel_blocks, hop});
  const auto weight = blocked_kernels.index_select(
      0, torch::tensor(rows, torch::TensorOptions(torch::kLong).device(kernels.device())));

  // Signal blocks up to the last one a frame reaches (zeros past the signal are never summed
  // into a valid frame).
  const int64_t signal_blocks = frames - 1 + kernel_blocks;
  const auto blocks = torch::constant_pad_nd(signal, {0, signal_blocks * hop - signal.size(1)})
                          .reshape({batch, signal_blocks, hop});

  const int64_t row_bytes =
      static_cast<int64_t>(rows.size()) * signal_blocks * signal.element_size();
  const int64_t items_per_block = std::max<int64_t>(1, max_block_bytes / row_bytes);
  std::vector<torch::Tensor> parts;
  for (int64_t first = 0; first < batch; first += items_per_block) {
    const int64_t items = std::min(items_per_block, batch - first);
    // Z[r, i, m] = W[r] . X_i[m]; kernel k's rows are contiguous, so its diagonals
    // Z[first_row + j, i, t + first + j] are a strided view of them.
    const auto z = torch::mm(weight, blocks.narrow(0, first, items).reshape({-1, hop}).t())
                       .view({-1, items, signal_blocks});
    std::vector<torch::Tensor> per_filter(filters);
    for (int64_t k = 0; k < filters; ++k) {
      if (runs[k].count == 0) {
        per_filter[k] = z.new_zeros({items, frames});
        continue;
      }
      const auto own = z.narrow(0, first_row[k], runs[k].count);
      per_filter[k] = own.as_strided({items, frames, runs[k].count},
                                     {signal_blocks, 1, items * signal_blocks + 1},
                                     own.storage_offset() + runs[k].first)
                          .sum(-1);
    }
    parts.push_back(torch::stack(per_filter, 1));
  }
  return parts.size() == 1 ? parts[0] : torch::cat(parts, 0);
}

}  // namespace nnaudio::detail
