"""nnAudio's transform classes (``nnAudio.features``), computed by nnaudio-cpp."""

from .augment import FrequencyMasking, TimeMasking, TimeStretch
from .cfp import CFP, Combined_Frequency_Periodicity
from .chroma import PCEN, ChromaCENS, ChromaCQT, ChromaSTFT
from .cqt import CQT, CQT1992, CQT1992v2, CQT2010, CQT2010v2, VQT, iCQT
from .gammatone import Gammatonegram
from .hybrid_cqt import HybridCQT, PseudoCQT
from .mel import MFCC, AmplitudeToDB, MelSpectrogram
from .stft import STFT, Griffin_Lim, iSTFT

__all__ = [
    "STFT", "iSTFT", "Griffin_Lim", "MelSpectrogram", "MFCC", "AmplitudeToDB",
    "Gammatonegram", "CFP", "Combined_Frequency_Periodicity",
    "CQT", "CQT1992", "CQT1992v2", "CQT2010", "CQT2010v2", "VQT", "iCQT",
    "HybridCQT", "PseudoCQT", "FrequencyMasking", "TimeMasking", "TimeStretch",
    "ChromaSTFT", "ChromaCQT", "ChromaCENS", "PCEN",
]
