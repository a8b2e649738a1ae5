"""Keyword spotting with a learnable mel front end, trained for a few steps on synthetic data.

Each "keyword" is a one-second, 16 kHz clip: a class-specific pair of tones gliding in
frequency, at a random onset, in noise. The model is nnaudio_cpp's MelSpectrogram with
trainable filter bank and STFT kernels, decibels, and a small CNN; the front end's kernels are
trained with the rest. Run: /usr/bin/python3 python/examples/kws_example.py [--steps N]
"""

import argparse
import math

import torch
from torch import nn

from nnaudio_cpp import features

SR = 16000
KEYWORDS = 4


def synthetic_batch(batch: int, generator: torch.Generator):
    """Clips (batch, SR) and their keyword labels (batch)."""
    labels = torch.randint(KEYWORDS, (batch,), generator=generator)
    t = torch.arange(SR) / SR
    clips = 0.3 * torch.randn(batch, SR, generator=generator)
    for i, label in enumerate(labels.tolist()):
        onset = torch.rand((), generator=generator).item() * 0.5
        inside = ((t >= onset) & (t < onset + 0.4)).float()
        start = 300.0 * (label + 1)
        glide = start * (1 + 0.5 * (t - onset).clamp(min=0))  # Hz, rising
        phase = 2 * math.pi * torch.cumsum(glide, 0) / SR
        clips[i] += inside * (torch.sin(phase) + 0.5 * torch.sin(2 * phase))
    return clips, labels


class KeywordSpotter(nn.Module):
    def __init__(self):
        super().__init__()
        self.mel = features.MelSpectrogram(sr=SR, n_fft=512, hop_length=160, n_mels=40,
                                           fmax=8000.0, trainable_mel=True,
                                           trainable_STFT=True)
        self.to_db = features.AmplitudeToDB(stype="power", top_db=80.0)
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
            nn.Flatten(), nn.Linear(32, KEYWORDS))

    def forward(self, audio):  # (batch, samples) -> (batch, KEYWORDS) logits
        # Decibels clamp at amin: a trained bank may give small negative powers.
        log_mel = self.to_db(self.mel(audio)) / 20.0  # (batch, 40, frames)
        return self.net(log_mel.unsqueeze(1))


def train(steps: int = 20, batch: int = 16, seed: int = 0):
    """Trains a fresh model for `steps` steps; returns the model and the loss of each step."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = KeywordSpotter()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for step in range(steps):
        clips, labels = synthetic_batch(batch, generator)
        loss = nn.functional.cross_entropy(model(clips), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        print(f"step {step + 1:3d}  loss {loss.item():.3f}")
    return model, losses


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    model, losses = train(args.steps, args.batch)
    print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f}; the learned front end:")
    print(model.mel)
