"""Shared helpers of the nnaudio_cpp tests: the reference arrays of tests/data and the error
measure the C++ tests use."""

import json
import os

import numpy as np
import pytest
import torch

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data")

with open(os.path.join(DATA, "manifest.json")) as manifest_file:
    MANIFEST = {entry["file"]: entry for entry in json.load(manifest_file)["files"]}


def load(name: str) -> torch.Tensor:
    """tests/data/<name>.npy as a float64 tensor."""
    return torch.from_numpy(np.load(os.path.join(DATA, name + ".npy")))


def entry(name: str) -> dict:
    return MANIFEST[name + ".npy"]


def signal_of(name: str) -> torch.Tensor:
    """The input signal a reference array was computed from (float64, (L))."""
    return load("signals/" + entry(name)["signal"])


def relative_error(actual: torch.Tensor, expected: torch.Tensor) -> float:
    """||actual - expected|| / ||expected|| in float64, as tests/support/helpers.cpp; the shapes
    must be equal (broadcasting would hide a shape bug)."""
    assert actual.shape == expected.shape, f"shapes differ: {actual.shape} vs {expected.shape}"
    actual = actual.detach().cpu().to(torch.float64)
    expected = expected.detach().cpu().to(torch.float64)
    return (torch.linalg.norm(actual - expected) / torch.linalg.norm(expected)).item()


def max_row_error(actual: torch.Tensor, expected: torch.Tensor) -> float:
    """The worst row of a (..., F, T) result, as tests/support/helpers.cpp: max over the rows of
    ||a_row - b_row|| / ||b_row||, so that a wrong low-energy row cannot hide."""
    assert actual.shape == expected.shape, f"shapes differ: {actual.shape} vs {expected.shape}"
    actual = actual.detach().cpu().to(torch.complex128 if actual.is_complex() else torch.float64)
    expected = expected.detach().cpu().to(
        torch.complex128 if expected.is_complex() else torch.float64)
    difference = torch.linalg.vector_norm(actual - expected, dim=-1)
    scale = torch.linalg.vector_norm(expected, dim=-1).clamp_min(1e-300)
    return (difference / scale).max().item()


DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not torch.cuda.is_available(), reason="no CUDA device"))]
