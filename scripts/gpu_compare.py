"""nnaudio_cpp against torch.stft and torchaudio on one device (scripts/gpu-check.sh runs it).

The seed paper's workload (clips of 80,000 samples at 44.1 kHz; STFT n_fft 2048 hop 512, 128
mels, CQT 84 bins from 32.70 Hz), with the input already on the device. Timings synchronise the
device before reading the clock (CUDA events on CUDA); each row is the median of --repeats runs
after one warm-up. The device's copy bandwidth (a device-to-device copy: read + write bytes over
time) gives each row's memory floor: the bytes of its input and output over that bandwidth, the
least time any implementation could take. torchaudio rows are left out, with a note, when
torchaudio is not installed.

    python3 scripts/gpu_compare.py [--device cuda] [--clips 1770] [--batch 256] [--repeats 5]
                                   [--report FILE]
"""

import argparse
import statistics
import sys
import time

import torch


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn, device, repeats):
    """Median seconds of fn() over repeats runs, after one warm-up run."""
    fn()
    synchronize(device)
    times = []
    for _ in range(repeats):
        if device.type == "cuda":
            start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            stop.record()
            stop.synchronize()
            times.append(start.elapsed_time(stop) / 1000.0)
        else:
            begin = time.perf_counter()
            fn()
            times.append(time.perf_counter() - begin)
    return statistics.median(times)


def copy_bandwidth(device, megabytes=1024 if torch.cuda.is_available() else 256, repeats=10):
    """Bytes per second of a device-to-device copy, counting the bytes read and written."""
    source = torch.empty(megabytes * 2**20 // 4, dtype=torch.float32, device=device).uniform_()
    target = torch.empty_like(source)
    seconds = timed(lambda: target.copy_(source), device, repeats)
    return 2 * source.numel() * source.element_size() / seconds


def host_to_device_bandwidth(device, megabytes=512, repeats=5):
    if device.type != "cuda":
        return None
    host = torch.empty(megabytes * 2**20 // 4, dtype=torch.float32).pin_memory()
    target = torch.empty(host.shape, dtype=host.dtype, device=device)
    seconds = timed(lambda: target.copy_(host, non_blocking=True), device, repeats)
    return host.numel() * host.element_size() / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--clips", type=int, default=None,
                        help="default 1770 (the paper's) on CUDA, 8 on the CPU")
    parser.add_argument("--samples", type=int, default=80000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--report", help="append the table to this file as well")
    args = parser.parse_args()

    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("gpu_compare: --device cuda but torch.cuda.is_available() is False")
    clips = args.clips or (1770 if device.type == "cuda" else 8)
    import nnaudio_cpp
    from nnaudio_cpp import features
    try:
        import torchaudio
    except Exception as error:  # noqa: BLE001 (an import that fails for any reason)
        torchaudio = None
        torchaudio_note = f"torchaudio rows SKIPPED: import torchaudio failed ({error})"
    else:
        torchaudio_note = f"torchaudio {torchaudio.__version__}"

    lines = []

    def out(text=""):
        print(text, flush=True)
        lines.append(text)

    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    out(f"## Python comparison on {device} ({name})")
    out(f"torch {torch.__version__} (CUDA {torch.version.cuda}), nnaudio_cpp "
        f"{nnaudio_cpp.__version__}, {torchaudio_note}")
    bandwidth = copy_bandwidth(device)
    out(f"device copy bandwidth: {bandwidth / 1e9:.1f} GB/s (read + write)")
    h2d = host_to_device_bandwidth(device)
    if h2d is not None:
        out(f"host-to-device bandwidth (pinned): {h2d / 1e9:.1f} GB/s (not in the timings: the "
            "input is already on the device)")

    torch.manual_seed(0)
    x = torch.randn(clips, args.samples, device=device)
    sr, n_fft, hop = 44100, 2048, 512
    window = torch.hann_window(n_fft, device=device)
    chunks = list(torch.split(x, args.batch))

    def torch_stft(chunk):
        return torch.stft(chunk, n_fft, hop, window=window, center=True, pad_mode="reflect",
                          return_complex=True).abs()

    stft = features.STFT(n_fft=n_fft, hop_length=hop, sr=sr, output_format="Magnitude").to(device)
    mel = features.MelSpectrogram(sr=sr, n_fft=n_fft, hop_length=hop, n_mels=128).to(device)
    cqt = features.CQT(sr=sr, hop_length=hop, fmin=32.70, n_bins=84, bins_per_octave=12,
                       output_format="Magnitude").to(device)
    mel_basis = mel.mel_basis.to(torch.float32)

    def torch_mel(chunk):
        power = torch.stft(chunk, n_fft, hop, window=window, center=True, pad_mode="reflect",
                           return_complex=True).abs().pow(2)
        return torch.matmul(mel_basis, power)

    rows = [
        ("STFT magnitude", "torch.stft + abs", torch_stft),
        ("STFT magnitude", "nnaudio_cpp STFT", stft),
        ("Mel 128", "torch.stft + matmul", torch_mel),
        ("Mel 128", "nnaudio_cpp MelSpectrogram", mel),
        ("CQT 84 bins", "nnaudio_cpp CQT", cqt),
    ]
    if torchaudio is not None:
        ta_stft = torchaudio.transforms.Spectrogram(n_fft=n_fft, hop_length=hop, power=1).to(device)
        ta_mel = torchaudio.transforms.MelSpectrogram(
            sample_rate=sr, n_fft=n_fft, hop_length=hop, n_mels=128, norm="slaney",
            mel_scale="slaney").to(device)
        rows.insert(2, ("STFT magnitude", "torchaudio Spectrogram", ta_stft))
        rows.insert(5, ("Mel 128", "torchaudio MelSpectrogram", ta_mel))

    out()
    out(f"{clips} clips x {args.samples} samples float32 on {device}, batches of {args.batch}, "
        f"median of {args.repeats}")
    out(f"| transform | implementation | seconds | clips/s | in+out GB | memory floor s | "
        f"x floor | rel. diff vs first row |")
    out("|---|---|---:|---:|---:|---:|---:|---:|")
    first = {}
    with torch.no_grad():
        for kind, label, fn in rows:
            try:
                sample = fn(chunks[0])
                seconds = timed(lambda: [fn(chunk) for chunk in chunks], device, args.repeats)
            except Exception as error:  # noqa: BLE001 (reported as a row)
                out(f"| {kind} | {label} | FAILED: {type(error).__name__}: "
                    f"{str(error).splitlines()[0][:120]} | | | | | |")
                continue
            out_bytes = sample.numel() * sample.element_size() * clips / chunks[0].shape[0]
            in_bytes = x.numel() * x.element_size()
            floor = (in_bytes + out_bytes) / bandwidth
            if kind not in first:
                first[kind] = sample
                diff = "-"
            elif first[kind].shape == sample.shape:
                reference = first[kind].double()
                diff = f"{((sample.double() - reference).norm() / reference.norm()).item():.1e}"
            else:
                diff = f"shape {tuple(sample.shape)} vs {tuple(first[kind].shape)}"
            out(f"| {kind} | {label} | {seconds:.4f} | {clips / seconds:,.0f} | "
                f"{(in_bytes + out_bytes) / 1e9:.2f} | {floor:.4f} | {seconds / floor:.1f} | {diff} |")
            del sample
            if device.type == "cuda":
                torch.cuda.empty_cache()
    if device.type == "cuda":
        out(f"peak device memory: {torch.cuda.max_memory_allocated(device) / 2**30:.2f} GiB")

    if args.report:
        with open(args.report, "a") as report:
            report.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
