#!/usr/bin/python3
"""Makes a small spoken-keyword dataset with espeak-ng: one-second 16 kHz clips in noise.

Each word is spoken by every voice variant (espeak-ng's m1 .. m5, f1 .. f4, klatt: ten
"speakers") `--per-voice` times, each time with an accent (en-gb, en-us, en-gb-scotland, ...),
a speed (-s, words per minute) and a pitch (-p) drawn from a seeded generator. The speech is
trimmed of espeak's leading and trailing silence, resampled from espeak's 22050 Hz to 16 kHz
(windowed sinc), placed at a random onset in one second of silence (cut at one second when
longer) and mixed with white noise at a random SNR of 5 .. 20 dB over the speech.

The split is by voice: the clips of the `--test-variants` (m5 and f4 by default) form the test
set, so the test speakers are never heard in training. With the defaults: 10 words x 10 voices x
3 = 300 clips, 240 for training and 60 for testing, in a few seconds.

Writes OUTPUT/words.txt (one word a line; a clip's label is its word's line index, from 0) and
OUTPUT/manifest.tsv (`split<TAB>word<TAB>path` a line, path relative to OUTPUT, split `train` or
`test`), and the clips as OUTPUT/WORD/VOICE-N.wav: mono 16-bit PCM. Deterministic: the same
arguments give the same bytes (with the same espeak-ng). Needs espeak-ng (Debian: espeak-ng)
and numpy.

Usage: python/examples/make_kws_dataset.py OUTPUT [--words yes no ...] [--per-voice 3] [--seed 0]
"""

import argparse
import io
import pathlib
import random
import shutil
import subprocess
import sys
import wave

import numpy as np

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "f1", "f2", "f3", "f4", "klatt"]
TEST_VARIANTS = ["m5", "f4"]
ACCENTS = ["en-gb", "en-us", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc"]
SPEEDS = (120, 220)  # words per minute
PITCHES = (20, 80)  # espeak's 0 .. 99
SNRS_DB = (5.0, 20.0)
ESPEAK_RATE = 22050
RATE = 16000
SILENCE = 0.02  # of the peak: what trimming treats as silence


def speak(word: str, voice: str, speed: int, pitch: int) -> np.ndarray:
    """espeak-ng's float samples of `word` at ESPEAK_RATE."""
    command = ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", word]
    wav = subprocess.run(command, check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        if reader.getframerate() != ESPEAK_RATE or reader.getsampwidth() != 2:
            sys.exit(f"make_kws_dataset: espeak-ng wrote {reader.getframerate()} Hz, "
                     f"{8 * reader.getsampwidth()}-bit audio; expected {ESPEAK_RATE} Hz, 16-bit")
    # Streamed, the header's sizes are placeholders: the samples are what follows it.
    if wav[36:40] != b"data":
        sys.exit("make_kws_dataset: espeak-ng's WAV header is not the 44-byte one expected")
    pcm = wav[44:]
    return np.frombuffer(pcm[:len(pcm) // 2 * 2], dtype="<i2").astype(np.float64) / 32768.0


def trim(audio: np.ndarray) -> np.ndarray:
    """`audio` without its leading and trailing samples below SILENCE of the peak."""
    loud = np.flatnonzero(np.abs(audio) >= SILENCE * np.abs(audio).max())
    return audio[loud[0]:loud[-1] + 1]


def resample(audio: np.ndarray, source: int, target: int, half_width: int = 16) -> np.ndarray:
    """Band-limited resampling: a Hann-windowed sinc, cut off at the lower Nyquist frequency."""
    cutoff = min(1.0, target / source)  # of the source's Nyquist frequency
    times = np.arange(int(len(audio) * target / source)) * (source / target)  # source samples
    taps = np.floor(times)[:, None] + np.arange(-half_width / cutoff, half_width / cutoff + 1)
    distance = times[:, None] - taps
    window = 0.5 + 0.5 * np.cos(np.pi * np.clip(distance * cutoff / half_width, -1.0, 1.0))
    kernel = cutoff * np.sinc(cutoff * distance) * window
    inside = (taps >= 0) & (taps < len(audio))
    samples = np.where(inside, audio[np.clip(taps, 0, len(audio) - 1).astype(np.int64)], 0.0)
    return (kernel * samples).sum(axis=1)


def clip(speech: np.ndarray, rng: np.random.Generator, snr_db: float) -> np.ndarray:
    """One second: `speech` at a random onset, scaled to a 0.5 peak, in white noise."""
    speech = 0.5 * speech[:RATE] / np.abs(speech).max()
    onset = int(rng.integers(0, RATE - len(speech) + 1))
    out = np.zeros(RATE)
    out[onset:onset + len(speech)] = speech
    noise_power = np.mean(speech**2) / 10.0**(snr_db / 10.0)
    return np.clip(out + rng.normal(0.0, np.sqrt(noise_power), RATE), -1.0, 1.0)


def write_wav(path: pathlib.Path, audio: np.ndarray):
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(np.round(audio * 32767.0).astype("<i2").tobytes())


def make_dataset(output, words=WORDS, variants=VARIANTS, test_variants=TEST_VARIANTS,
                 per_voice=3, seed=0):
    """Writes the dataset under `output`; returns the manifest's (split, word, path) rows."""
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng not found: install it (scripts/install-deps.sh)")
    output = pathlib.Path(output)
    settings = random.Random(seed)
    noise = np.random.default_rng(seed)
    rows = []
    for word in words:
        (output / word).mkdir(parents=True, exist_ok=True)
        for variant in variants:
            for index in range(per_voice):
                voice = f"{settings.choice(ACCENTS)}+{variant}"
                speed = settings.randint(*SPEEDS)
                pitch = settings.randint(*PITCHES)
                snr_db = settings.uniform(*SNRS_DB)
                speech = resample(trim(speak(word, voice, speed, pitch)), ESPEAK_RATE, RATE)
                path = pathlib.Path(word) / f"{variant}-{index}.wav"
                write_wav(output / path, clip(speech, noise, snr_db))
                rows.append(("test" if variant in test_variants else "train", word, str(path)))
    (output / "words.txt").write_text("".join(f"{word}\n" for word in words))
    (output / "manifest.tsv").write_text("".join("\t".join(row) + "\n" for row in rows))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="folder to write the dataset into")
    parser.add_argument("--words", nargs="+", default=WORDS)
    parser.add_argument("--variants", nargs="+", default=VARIANTS,
                        help="espeak-ng voice variants, one speaker each")
    parser.add_argument("--test-variants", nargs="+", default=TEST_VARIANTS,
                        help="the variants whose clips form the test set")
    parser.add_argument("--per-voice", type=int, default=3, help="clips per word and variant")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = make_dataset(args.output, args.words, args.variants, args.test_variants,
                        args.per_voice, args.seed)
    tests = sum(split == "test" for split, _, _ in rows)
    print(f"wrote {len(rows)} clips ({len(rows) - tests} train, {tests} test) to {args.output}")
