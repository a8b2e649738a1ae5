"""nnAudio's transform classes (``nnAudio.features``), computed by nnaudio-cpp."""

from .cfp import CFP, Combined_Frequency_Periodicity
from .chroma import PCEN, ChromaCENS, ChromaCQT, ChromaSTFT
from .cqt import CQT, CQT1992, CQT1992v2, CQT2010, CQT2010v2, VQT, iCQT
from .gammatone import Gammatonegram
from .mel import MFCC, AmplitudeToDB, MelSpectrogram
from .stft import STFT, Griffin_Lim, iSTFT

__all__ = [
    "STFT", "iSTFT", "Griffin_Lim", "MelSpectrogram", "MFCC", "AmplitudeToDB",
    "Gammatonegram", "CFP", "Combined_Frequency_Periodicity",
    "CQT", "CQT1992", "CQT1992v2", "CQT2010", "CQT2010v2", "VQT", "iCQT",
    "ChromaSTFT", "ChromaCQT", "ChromaCENS", "PCEN",
]
