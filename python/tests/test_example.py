"""The README example (python/examples/kws_example.py) trains: its loss goes down."""

import importlib.util
import os

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "examples", "kws_example.py")


def test_keyword_spotting_example_trains():
    spec = importlib.util.spec_from_file_location("kws_example", EXAMPLE)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    model, losses = example.train(steps=10, batch=8)
    assert sum(losses[-3:]) / 3 < losses[0]
    assert model.mel.mel_basis.requires_grad
