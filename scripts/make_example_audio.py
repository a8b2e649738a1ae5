#!/usr/bin/python3
"""Synthesises examples/data/chromatic.wav, the bundled example recording.

A chromatic scale C4 .. C5 (13 equal-tempered notes, A4 = 440 Hz), 0.3 s per note, each note a
decaying harmonic tone: harmonics k = 1 .. 5 with amplitude 1/k, an exponential decay (time
constant 0.12 s, faster for higher harmonics) and a 5 ms attack ramp so that note onsets do not
click. 22050 Hz, mono, 16-bit PCM. Deterministic: no randomness, so the file is reproducible.

Usage: scripts/make_example_audio.py [OUTPUT.wav]   (default: examples/data/chromatic.wav)
Standard library only.
"""

import math
import pathlib
import struct
import sys
import wave

SAMPLE_RATE = 22050
NOTE_SECONDS = 0.3
FIRST_MIDI_NOTE = 60  # C4
NOTE_COUNT = 13  # C4 .. C5
HARMONICS = 5
DECAY_SECONDS = 0.12
ATTACK_SECONDS = 0.005
PEAK = 0.8  # of full scale


def midi_to_hz(note):
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def note_samples(frequency):
    count = int(round(NOTE_SECONDS * SAMPLE_RATE))
    attack = ATTACK_SECONDS * SAMPLE_RATE
    samples = []
    for n in range(count):
        t = n / SAMPLE_RATE
        value = 0.0
        for k in range(1, HARMONICS + 1):
            if k * frequency >= SAMPLE_RATE / 2:
                break
            decay = math.exp(-t * math.sqrt(k) / DECAY_SECONDS)
            value += decay * math.sin(2.0 * math.pi * k * frequency * t) / k
        samples.append(value * min(1.0, n / attack))
    return samples


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "examples/data/chromatic.wav"
    signal = []
    for note in range(FIRST_MIDI_NOTE, FIRST_MIDI_NOTE + NOTE_COUNT):
        signal.extend(note_samples(midi_to_hz(note)))
    scale = PEAK / max(abs(v) for v in signal)
    pcm = struct.pack("<%dh" % len(signal), *(int(round(v * scale * 32767)) for v in signal))
    output.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(output), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    print("%s: %d samples, %.2f s, %d Hz mono 16-bit" %
          (output, len(signal), len(signal) / SAMPLE_RATE, SAMPLE_RATE))


if __name__ == "__main__":
    main()
