"""Keyword spotting on spoken words: a mel front end, frozen or trained, and a small CNN.

Trains KeywordSpotter (nnaudio_cpp's MelSpectrogram, decibels, three conv blocks) on a dataset
made by make_kws_dataset.py (espeak-ng's words in noise, split by voice) with Adam, then reports
the accuracy on the test voices. With --frozen the mel filter bank and STFT kernels stay
librosa's, with --trainable-mel the bank is trained, by default (--trainable) both are trained
with the rest. Seeded: a run repeats.
examples/kws_train.cpp is the same model and training in C++.

Run: python/examples/make_kws_dataset.py /tmp/kws
     PYTHONPATH=build/python /usr/bin/python3 python/examples/kws_espeak.py /tmp/kws [--frozen]
"""

import argparse
import pathlib
import time
import wave

import numpy as np
import torch
from torch import nn

from nnaudio_cpp import features

SR = 16000


class KeywordSpotter(nn.Module):
    """Mel power in decibels, three conv blocks with batch norm, global max pooling over time
    and frequency (a word may start anywhere in its clip), a linear layer. `front_end`: 'frozen',
    'mel' (the filter bank is trained) or 'all' (the STFT kernels and window as well)."""

    def __init__(self, keywords: int, front_end: str = "all"):
        super().__init__()
        self.mel = features.MelSpectrogram(sr=SR, n_fft=512, hop_length=320, n_mels=40,
                                           fmax=8000.0, pad_mode="constant",
                                           trainable_mel=front_end in ("mel", "all"),
                                           trainable_STFT=front_end == "all")
        self.to_db = features.AmplitudeToDB(stype="power", top_db=80.0)
        blocks = []
        for inputs, outputs in ((1, 16), (16, 32), (32, 64)):
            blocks += [nn.Conv2d(inputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs),
                       nn.ReLU(), nn.MaxPool2d(2)]
        self.net = nn.Sequential(*blocks, nn.AdaptiveMaxPool2d(1), nn.Flatten(),
                                 nn.Linear(64, keywords))

    def forward(self, audio):  # (batch, SR) -> (batch, keywords) logits
        # Decibels clamp at amin: a trained bank may give small negative powers.
        log_mel = self.to_db(self.mel(audio)) / 20.0  # (batch, 40, 51)
        return self.net(log_mel.unsqueeze(1))


def load_split(dataset, split: str):
    """The clips (n, SR) of `split` ('train' or 'test') and their labels (n), and the words."""
    dataset = pathlib.Path(dataset)
    words = (dataset / "words.txt").read_text().split()
    clips, labels = [], []
    for line in (dataset / "manifest.tsv").read_text().splitlines():
        row_split, word, path = line.split("\t")
        if row_split != split:
            continue
        with wave.open(str(dataset / path)) as reader:
            if reader.getframerate() != SR or reader.getnchannels() != 1:
                raise ValueError(f"{path}: expected {SR} Hz mono")
            pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        clips.append(torch.from_numpy(pcm.astype(np.float32) / 32768.0))
        labels.append(words.index(word))
    return torch.stack(clips), torch.tensor(labels), words


def accuracy(model: nn.Module, clips: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        predicted = model(clips).argmax(dim=1)
    model.train()
    return (predicted == labels).float().mean().item()


def train(dataset, front_end: str = "all", steps: int = 100, batch: int = 16, seed: int = 0,
          verbose: bool = True):
    """Trains a fresh model for `steps` Adam steps; returns (test accuracy, seconds trained)."""
    train_clips, train_labels, words = load_split(dataset, "train")
    test_clips, test_labels, _ = load_split(dataset, "test")
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = KeywordSpotter(len(words), front_end)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    order = torch.randperm(len(train_labels), generator=generator)
    position = 0
    start = time.perf_counter()
    for step in range(steps):
        if position + batch > len(order):  # epoch over: a new shuffle
            order = torch.randperm(len(train_labels), generator=generator)
            position = 0
        chosen = order[position:position + batch]
        position += batch
        loss = nn.functional.cross_entropy(model(train_clips[chosen]), train_labels[chosen])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if verbose and (step + 1) % 25 == 0:
            print(f"step {step + 1:4d}  loss {loss.item():.3f}")
    seconds = time.perf_counter() - start
    return accuracy(model, test_clips, test_labels), seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="a folder written by make_kws_dataset.py")
    front_end = parser.add_mutually_exclusive_group()
    front_end.add_argument("--frozen", dest="front_end", action="store_const", const="frozen",
                           help="keep the mel filter bank and STFT kernels fixed")
    front_end.add_argument("--trainable-mel", dest="front_end", action="store_const",
                           const="mel", help="train the filter bank only")
    front_end.add_argument("--trainable", dest="front_end", action="store_const", const="all",
                           help="train the filter bank and STFT kernels (the default)")
    parser.set_defaults(front_end="all")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    test_accuracy, seconds = train(args.dataset, args.front_end, args.steps, args.batch,
                                   args.seed)
    print(f"test accuracy {test_accuracy:.3f}  (front end {args.front_end}, {args.steps} steps "
          f"of {args.batch}, {seconds:.1f} s)")
