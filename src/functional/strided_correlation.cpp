#include "functional/strided_correlation.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

#include "functional/framing.h"

namespace nnaudio::detail {
namespace {

/// The hop blocks of one kernel in use: blocks first .. first + count - 1.
struct BlockRun {
  int64_t first = 0;
  int64_t count = 0;
};

/// One set of kernels as (filters * blocks, hop) rows of hop taps (a view unless the size needs
/// padding to whole blocks) and the runs of blocks each kernel uses: all of them when the
/// kernels train (a zero tap may become nonzero, and its gradient is wanted), otherwise those
/// from the first to the last block holding a nonzero tap. Nothing of the size of the kernels is
/// allocated beyond one byte per tap.
std::pair<torch::Tensor, std::vector<BlockRun>> set_blocks(const torch::Tensor& kernels,
                                                           int64_t hop) {
  const int64_t filters = kernels.size(0);
  const int64_t size = kernels.size(1);
  const int64_t blocks = (size + hop - 1) / hop;
  const auto whole = size % hop == 0 ? kernels.contiguous()
                                     : torch::constant_pad_nd(kernels, {0, blocks * hop - size});
  const auto rows = whole.view({filters * blocks, hop});
  std::vector<BlockRun> runs(filters, BlockRun{0, blocks});
  if (torch::GradMode::is_enabled() && kernels.requires_grad()) return {rows, runs};
  const auto used = rows.ne(0).any(1).view({filters, blocks}).to(torch::kCPU).contiguous();
  const auto* flag = used.data_ptr<bool>();
  for (int64_t k = 0; k < filters; ++k) {
    const bool* row = flag + k * blocks;
    const auto first = std::find(row, row + blocks, true) - row;
    if (first == blocks) {
      runs[k] = BlockRun{0, 0};
      continue;
    }
    const auto last = blocks - 1 -
                      (std::find(std::make_reverse_iterator(row + blocks),
                                 std::make_reverse_iterator(row), true) -
                       std::make_reverse_iterator(row + blocks));
    runs[k] = BlockRun{first, last - first + 1};
  }
  return {rows, runs};
}

// out[i, k, t] = sum_j z[first_row[k] + j, i, t + first_block[k] + j] for z (rows, items,
// signal blocks): each kernel's diagonals, as differentiable strided views (to any order).
torch::Tensor diagonal_sums_on_graph(const torch::Tensor& z, const KernelBlocks& kernels,
                                     int64_t frames) {
  const int64_t items = z.size(1);
  const int64_t signal_blocks = z.size(2);
  std::vector<torch::Tensor> per_filter(kernels.count.size());
  for (size_t k = 0; k < per_filter.size(); ++k) {
    if (kernels.count[k] == 0) {
      per_filter[k] = z.new_zeros({items, frames});
      continue;
    }
    const auto own = z.narrow(0, kernels.first_row[k], kernels.count[k]);
    per_filter[k] = own.as_strided({items, frames, kernels.count[k]},
                                   {signal_blocks, 1, items * signal_blocks + 1},
                                   own.storage_offset() + kernels.first_block[k])
                        .sum(-1);
  }
  return torch::stack(per_filter, 1);
}

// The same sums without autograd: on the CPU one pass over z in contiguous runs of frames, on
// the threads (the strided views' reductions cost more than the product here).
torch::Tensor diagonal_sums(const torch::Tensor& z, const KernelBlocks& kernels, int64_t frames) {
  if (!z.device().is_cpu() ||
      (z.scalar_type() != torch::kFloat32 && z.scalar_type() != torch::kFloat64)) {
    return diagonal_sums_on_graph(z, kernels, frames);
  }
  const int64_t items = z.size(1);
  const int64_t signal_blocks = z.size(2);
  const int64_t filters = static_cast<int64_t>(kernels.count.size());
  auto out = torch::zeros({items, filters, frames}, z.options());
  AT_DISPATCH_FLOATING_TYPES(z.scalar_type(), "strided_correlation_sums", [&] {
    const scalar_t* source = z.data_ptr<scalar_t>();
    scalar_t* destination = out.data_ptr<scalar_t>();
    at::parallel_for(0, items * filters, 1, [&](int64_t begin, int64_t end) {
      for (int64_t id = begin; id < end; ++id) {
        const int64_t item = id / filters;
        const int64_t k = id % filters;
        scalar_t* sum = destination + id * frames;
        for (int64_t j = 0; j < kernels.count[k]; ++j) {
          const scalar_t* row = source +
                                ((kernels.first_row[k] + j) * items + item) * signal_blocks +
                                kernels.first_block[k] + j;
          for (int64_t t = 0; t < frames; ++t) sum[t] += row[t];
        }
      }
    });
  });
  return out;
}

}  // namespace

KernelBlocks kernel_blocks(torch::TensorList kernels, int64_t hop) {
  TORCH_CHECK(hop >= 1 && !kernels.empty(), "kernel_blocks: expected kernels and hop >= 1, got ",
              kernels.size(), " sets and hop ", hop);
  KernelBlocks out;
  out.size = kernels[0].size(-1);
  out.hop = hop;
  const int64_t blocks_per_kernel = (out.size + hop - 1) / hop;
  std::vector<torch::Tensor> weight_parts;
  int64_t rows_used = 0;
  for (const auto& set : kernels) {
    TORCH_CHECK(set.dim() == 2 && set.size(1) == out.size,
                "strided_correlation: kernels must be (filters, size) of one size, got ",
                set.sizes());
    const auto [rows, runs] = set_blocks(set, hop);
    std::vector<int64_t> picked;
    for (int64_t k = 0; k < static_cast<int64_t>(runs.size()); ++k) {
      out.first_row.push_back(rows_used + static_cast<int64_t>(picked.size()));
      out.first_block.push_back(runs[k].first);
      out.count.push_back(runs[k].count);
      for (int64_t j = 0; j < runs[k].count; ++j) {
        picked.push_back(k * blocks_per_kernel + runs[k].first + j);
      }
    }
    rows_used += static_cast<int64_t>(picked.size());
    weight_parts.push_back(rows.index_select(
        0, torch::tensor(picked, torch::TensorOptions(torch::kLong)).to(rows.device())));
  }
  out.weight = torch::cat(weight_parts, 0);
  return out;
}

torch::Tensor strided_correlation(const torch::Tensor& signal, torch::TensorList kernels,
                                  int64_t hop, int64_t max_block_bytes) {
  return strided_correlation(signal, kernel_blocks(kernels, hop), max_block_bytes);
}

torch::Tensor strided_correlation(const torch::Tensor& signal, const KernelBlocks& kernels,
                                  int64_t max_block_bytes) {
  const int64_t hop = kernels.hop;
  TORCH_CHECK(signal.dim() == 2, "strided_correlation: expected a (batch, time) signal, got ",
              signal.sizes());
  const int64_t batch = signal.size(0);
  const int64_t frames = frame_count(signal.size(1), kernels.size, hop);
  TORCH_CHECK(frames >= 1, "strided_correlation: ", signal.size(1), " samples hold no frame of ",
              kernels.size);
  const int64_t filters = static_cast<int64_t>(kernels.count.size());
  const int64_t rows_used = kernels.weight.size(0);
  if (rows_used == 0) return signal.new_zeros({batch, filters, frames});
  // A module keeps its blocks in the kernels' dtype; the product runs in the signal's.
  const auto weight = kernels.weight.to(signal.device(), signal.scalar_type());

  // Signal blocks up to the last one a frame reaches (zeros past the signal are never summed
  // into a valid frame).
  const int64_t signal_blocks = frames - 1 + (kernels.size + hop - 1) / hop;
  const auto blocks = torch::constant_pad_nd(signal, {0, signal_blocks * hop - signal.size(1)})
                          .reshape({batch, signal_blocks, hop});

  const bool graph =
      torch::GradMode::is_enabled() && (signal.requires_grad() || weight.requires_grad());
  const int64_t item_bytes = rows_used * signal_blocks * signal.element_size();
  const int64_t items_per_block = std::max<int64_t>(1, max_block_bytes / item_bytes);
  std::vector<torch::Tensor> parts;
  for (int64_t first = 0; first < batch; first += items_per_block) {
    const int64_t items = std::min(items_per_block, batch - first);
    // Z[r, i, m] = W[r] . X_i[m]; kernel k's rows are contiguous, so its diagonals
    // Z[first_row + j, i, t + first + j] are a strided view of them.
    const auto z = torch::mm(weight, blocks.narrow(0, first, items).reshape({-1, hop}).t())
                       .view({-1, items, signal_blocks});
    parts.push_back(graph ? diagonal_sums_on_graph(z, kernels, frames)
                          : diagonal_sums(z, kernels, frames));
  }
  return parts.size() == 1 ? parts[0] : torch::cat(parts, 0);
}

}  // namespace nnaudio::detail
