#pragma once
// Correlation of a signal with long filters whose outputs are needed only every hop samples
// (the full-rate CQTs), as one matrix product over hop-sample blocks instead of framing.

#include <torch/torch.h>

#include <vector>

namespace nnaudio::detail {

/// The default bound on the product strided_correlation holds at once (bytes).
constexpr int64_t kCorrelationBlockBytes = int64_t{32} << 20;

/// out[b, k, t] = sum_n signal[b, t * hop + n] * kernels[k, n] for the frames t that fit in the
/// signal: what torch::conv1d(signal.unsqueeze(1), kernels.unsqueeze(1), {}, hop) computes.
/// signal: (batch, time); kernels: one or more (filters, size) sets of one size, real, in the
/// signal's dtype and on its device, whose filters are taken one set after the other. Returns
/// (batch, all filters, frames). Differentiable (to any order) with respect to both.
///
/// Both are cut into blocks of hop samples: with X[m] = signal[m*hop : (m+1)*hop] and
/// K_k[j] = kernels[k, j*hop : (j+1)*hop], out[b, k, t] = sum_j X[t + j] . K_k[j], so one
/// product Z = K X^T of every kernel block with every signal block (a GEMM, no framing copy)
/// followed by sums along Z's diagonals gives every output. Kernels that need no gradient
/// use only the blocks their nonzero taps occupy (a wavelet of a CQT filter covers a few percent of
/// its power-of-two frame), and the batch is processed in blocks whose product Z stays below
/// max_block_bytes (one item at least).
torch::Tensor strided_correlation(const torch::Tensor& signal, torch::TensorList kernels,
                                  int64_t hop, int64_t max_block_bytes = kCorrelationBlockBytes);

/// Kernel sets cut into blocks of hop taps, keeping the blocks strided_correlation multiplies:
/// every block of kernels that train, else each kernel's blocks from its first to its last
/// nonzero one. Frozen kernels' blocks can be made once and reused across calls.
struct KernelBlocks {
  torch::Tensor weight;              ///< (rows, hop): the blocks in use, kernel after kernel
  std::vector<int64_t> first_block;  ///< per filter: its first block in use
  std::vector<int64_t> count;        ///< per filter: how many blocks it uses (0: all zero)
  std::vector<int64_t> first_row;    ///< per filter: its first row of weight
  int64_t size = 0;                  ///< taps per kernel
  int64_t hop = 0;
};

/// The blocks of one or more (filters, size) kernel sets of one size.
KernelBlocks kernel_blocks(torch::TensorList kernels, int64_t hop);

/// strided_correlation with kernels already cut into blocks (their weight is cast to the signal's
/// dtype and device when they differ).
torch::Tensor strided_correlation(const torch::Tensor& signal, const KernelBlocks& kernels,
                                  int64_t max_block_bytes = kCorrelationBlockBytes);

}  // namespace nnaudio::detail
