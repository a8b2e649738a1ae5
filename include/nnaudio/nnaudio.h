#pragma once
// nnaudio: audio spectrograms as differentiable LibTorch modules.

#include "nnaudio/functional/griffin_lim.h"
#include "nnaudio/functional/stft.h"
#include "nnaudio/kernels/fourier.h"
#include "nnaudio/kernels/window.h"
#include "nnaudio/modules/griffin_lim.h"
#include "nnaudio/modules/istft.h"
#include "nnaudio/modules/stft.h"
#include "nnaudio/options/stft.h"
#include "nnaudio/threads.h"
#include "nnaudio/types.h"
