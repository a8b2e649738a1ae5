#pragma once
// How a transform module's output is laid out, for its figures: read from the module itself
// (its hop, its rows' centre frequencies), so that the axes follow whatever options built it.

#include <torch/torch.h>

#include "axes.h"
#include "image.h"

namespace nnaudio::cli {

/// The axes of `module`'s output at `sample_rate`. `scale` is how its values become an image;
/// `db_output` says the values are already decibels. Frame t is labelled t * hop / sr seconds
/// (librosa.display's convention; CFP's frames start one hop later, since it drops the
/// STFT's first frame).
FigureAxes module_axes(const torch::nn::Module& module, double sample_rate, const ImageScale& scale,
                       bool db_output);

}  // namespace nnaudio::cli
