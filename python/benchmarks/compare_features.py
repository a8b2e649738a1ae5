"""Times every nnaudio_cpp.features class beside torchaudio (where torchaudio has the transform)
and beside this library's own C++ modules (`nnaudio bench --json`, the same clips' workload in
another process), at two batch sizes, and prints one table. A benchmark, not a test.

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/compare_features.py \
        [--clips 64] [--batches 8,32] [--repeats 3] [--nnaudio build/tools/nnaudio]

The workload is the seed paper's (and `nnaudio bench`'s): clips of 80,000 samples at 44.1 kHz,
n_fft 2048, hop 512, 128 mels, CQT from 32.70 Hz with 84 bins at 12 per octave; constant padding
everywhere the C++ rows use it, so the three columns compute the same thing. Seconds are the
median over the repeats of one pass over all clips, after a warm-up call.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch

SR = 44100
N_FFT = 2048
HOP = 512
CQT_ARGS = dict(sr=SR, hop_length=HOP, fmin=32.70319566257483, n_bins=84, bins_per_octave=12,
                pad_mode="constant", output_format="Magnitude")


def seconds(run, clips, batch, repeats):
    """Median seconds of one pass of run() over all clips in batches, after one warm-up."""
    with torch.no_grad():
        run(clips[:batch])
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for first in range(0, clips.shape[0], batch):
                run(clips[first:first + batch])
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def cases(features, torchaudio):
    """(row label, nnaudio_cpp callable, torchaudio callable or None, (kind, variant) of the C++
    bench row or None). Inputs are waveforms unless the callable converts them first."""
    stft_complex = features.STFT(n_fft=N_FFT, hop_length=HOP, pad_mode="constant",
                                 output_format="Complex")
    ta_spec = None
    if torchaudio is not None:
        ta_spec = torchaudio.transforms.Spectrogram(n_fft=N_FFT, hop_length=HOP,
                                                     pad_mode="constant", power=None)
    istft = features.iSTFT(n_fft=N_FFT, hop_length=HOP)
    griffin = features.Griffin_Lim(n_fft=N_FFT, hop_length=HOP, n_iter=32)
    to_db = features.AmplitudeToDB(stype="power")
    mel = features.MelSpectrogram(sr=SR, n_fft=N_FFT, hop_length=HOP, pad_mode="constant")
    rows = [
        ("STFT magnitude", features.STFT(n_fft=N_FFT, hop_length=HOP, pad_mode="constant",
                                         output_format="Magnitude"),
         None if torchaudio is None else torchaudio.transforms.Spectrogram(
             n_fft=N_FFT, hop_length=HOP, pad_mode="constant", power=1),
         ("stft", "nnaudio STFT fft magnitude")),
        ("iSTFT (of the STFT)", lambda x: istft(stft_complex(x), onesided=True, length=x.shape[-1]),
         None if torchaudio is None else (lambda x, inverse=torchaudio.transforms.InverseSpectrogram(
             n_fft=N_FFT, hop_length=HOP, pad_mode="constant"): inverse(ta_spec(x), x.shape[-1])),
         None),
        ("Griffin_Lim (32 iterations, of |STFT|)",
         lambda x: griffin(stft_complex(x, output_format="Magnitude")),
         None if torchaudio is None else (
             lambda x, gl=torchaudio.transforms.GriffinLim(n_fft=N_FFT, hop_length=HOP,
                                                           n_iter=32, power=1, momentum=0.0):
             gl(ta_spec(x).abs())),
         None),
        ("MelSpectrogram (128 mels)", mel,
         None if torchaudio is None else torchaudio.transforms.MelSpectrogram(
             sample_rate=SR, n_fft=N_FFT, hop_length=HOP, pad_mode="constant", n_mels=128,
             norm="slaney", mel_scale="slaney"),
         ("mel", "nnaudio MelSpectrogram (128 mels)")),
        ("MFCC (20 of 128 mels)",
         features.MFCC(sr=SR, n_fft=N_FFT, hop_length=HOP, pad_mode="constant"),
         None if torchaudio is None else torchaudio.transforms.MFCC(
             sample_rate=SR, n_mfcc=20, log_mels=False,
             melkwargs=dict(n_fft=N_FFT, hop_length=HOP, pad_mode="constant", n_mels=128,
                            norm="slaney", mel_scale="slaney")),
         ("mfcc", "nnaudio MFCC (20 of 128 mels)")),
        ("AmplitudeToDB (of the mel spectrogram)", lambda x: to_db(mel(x)),
         None if torchaudio is None else (
             lambda x, db=torchaudio.transforms.AmplitudeToDB(top_db=80.0),
             m=torchaudio.transforms.MelSpectrogram(sample_rate=SR, n_fft=N_FFT, hop_length=HOP,
                                                    pad_mode="constant", norm="slaney",
                                                    mel_scale="slaney"): db(m(x))),
         None),
        ("Gammatonegram (64 bins)", features.Gammatonegram(sr=SR, n_fft=N_FFT, hop_length=HOP),
         None, ("gammatone", "nnaudio Gammatonegram (64 bins)")),
        ("CFP (defaults, clips read as 16 kHz)", features.CFP(), None,
         ("cfp", "nnaudio CFP (defaults, clips read as 16 kHz)")),
    ]
    for name in ("CQT1992", "CQT1992v2", "CQT2010", "CQT2010v2"):
        rows.append((f"{name} (84 bins from 32.7 Hz)", getattr(features, name)(**CQT_ARGS), None,
                     ("cqt", f"nnaudio {name} (84 bins from 32.7 Hz)")))
    rows.append(("VQT (gamma 20 Hz)", features.VQT(gamma=20, **CQT_ARGS), None,
                 ("vqt", "nnaudio VQT2010 (gamma 20 Hz)")))
    cqt = features.CQT2010(**{**CQT_ARGS, "output_format": "Complex"})
    icqt = features.iCQT(sr=SR, hop_length=HOP, fmin=CQT_ARGS["fmin"], n_bins=84,
                         pad_mode="constant", n_iter=4)
    rows.append(("iCQT (4 iterations, of CQT2010)", lambda x: icqt(cqt(x), x.shape[-1]), None,
                 None))
    return rows


def cxx_seconds(program, kinds, clips, batch, repeats):
    """{row label: seconds} from `nnaudio bench --json` (lines that are not JSON are skipped:
    some platforms print warnings on standard output)."""
    if not program or not os.path.exists(program):
        return {}
    out = subprocess.run([program, "bench", "--json", "--clips", str(clips), "--batch",
                          str(batch), "--repeats", str(repeats), "--kinds", ",".join(kinds)],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and "transform" in row:
            found[row["transform"]] = row["seconds"]
    return found


def ratio(value, reference):
    return "-" if value is None or reference is None else f"{value / reference:.2f}x"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=64)
    parser.add_argument("--batches", default="8,32")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--nnaudio", default="build/tools/nnaudio",
                        help="the nnaudio program for the C++ rows ('' to skip them)")
    args = parser.parse_args()

    from nnaudio_cpp import features
    try:
        import torchaudio
    except ImportError:
        torchaudio = None
        print("torchaudio is not installed: its column is empty", file=sys.stderr)

    torch.manual_seed(0)
    clips = torch.randn(args.clips, 80000)
    rows = cases(features, torchaudio)
    kinds = sorted({row[3][0] for row in rows if row[3] is not None})
    print(f"{args.clips} clips x 80,000 samples at 44.1 kHz, {torch.get_num_threads()} threads, "
          f"torch {torch.__version__}, median of {args.repeats}")
    print(f"{'transform':42} {'batch':>5} {'nnaudio_cpp':>11} {'torchaudio':>10} {'ratio':>7} "
          f"{'C++ module':>10} {'ratio':>7}")
    for batch in (int(b) for b in args.batches.split(",")):
        cxx = cxx_seconds(args.nnaudio, kinds, args.clips, batch, args.repeats)
        for label, ours, theirs, cxx_row in rows:
            mine = seconds(ours, clips, batch, args.repeats)
            other = None if theirs is None else seconds(theirs, clips, batch, args.repeats)
            native = None if cxx_row is None else cxx.get(cxx_row[1])
            show = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            print(f"{label:42} {batch:5d} {mine:11.3f} {show(other):>10} "
                  f"{ratio(mine, other):>7} {show(native):>10} {ratio(mine, native):>7}",
                  flush=True)


if __name__ == "__main__":
    main()
