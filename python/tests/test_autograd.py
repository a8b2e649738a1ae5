"""Gradients: torch.autograd.gradcheck in float64 through the C++ computation, with respect
to the input and to trainable kernels, and a few training steps that lower a loss."""

import torch
from torch import nn

from nnaudio_cpp import features


def check(function, *inputs):
    assert torch.autograd.gradcheck(function, inputs, eps=1e-6, atol=1e-7, rtol=1e-5)


def test_stft_gradient_wrt_the_input():
    stft = features.STFT(n_fft=32, hop_length=8, output_format="Complex")
    x = torch.randn(1, 48, dtype=torch.float64, requires_grad=True)
    check(stft, x)


def test_stft_gradient_wrt_its_kernels_and_window():
    stft = features.STFT(n_fft=16, hop_length=4, trainable=True, output_format="Magnitude")
    x = torch.randn(1, 48, dtype=torch.float64)
    names = [name for name, _ in stft.named_parameters()]
    params = [p.detach().clone().requires_grad_() for p in stft.parameters()]

    def run(*tensors):
        for name, tensor in zip(names, tensors):
            setattr(stft, name, tensor)
        return stft(x)

    stft._parameters.clear()  # the checked tensors replace the parameters
    check(run, *params)


def test_mel_spectrogram_gradient_wrt_the_input_and_the_bank():
    mel = features.MelSpectrogram(sr=8000, n_fft=32, hop_length=8, n_mels=4, trainable_mel=True)
    x = torch.randn(1, 64, dtype=torch.float64, requires_grad=True)
    basis = mel.mel_basis.detach().clone().requires_grad_()
    del mel.mel_basis

    def run(signal, bank):
        mel.mel_basis = bank
        return mel(signal)

    check(run, x, basis)


def test_mfcc_gammatone_and_istft_gradients_wrt_the_input():
    x = torch.randn(1, 96, dtype=torch.float64, requires_grad=True)
    check(features.MFCC(sr=8000, n_mfcc=4, n_fft=32, hop_length=8, n_mels=8, top_db=None), x)
    check(features.Gammatonegram(sr=8000, n_fft=32, hop_length=8, n_bins=4), x)
    spectrum = torch.randn(1, 17, 5, 2, dtype=torch.float64, requires_grad=True)
    check(lambda s: features.iSTFT(n_fft=32, hop_length=8)(s, onesided=True), spectrum)


def test_training_a_trainable_front_end_lowers_the_loss():
    torch.manual_seed(0)
    model = nn.Sequential(
        features.MelSpectrogram(sr=8000, n_fft=128, hop_length=32, n_mels=16,
                                trainable_mel=True, trainable_STFT=True),
        nn.Flatten(), nn.Linear(16 * 33, 2))
    x = torch.randn(8, 1024)
    labels = torch.tensor([0, 1] * 4)
    x[labels == 1] += torch.sin(torch.arange(1024) * 0.3)  # class 1 has a tone
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    kernel_before = model[0].stft.kernel_cos.detach().clone()
    losses = []
    for _ in range(8):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    assert not torch.equal(model[0].stft.kernel_cos.detach(), kernel_before)
