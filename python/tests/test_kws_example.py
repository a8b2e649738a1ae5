"""The spoken-keyword example runs end to end, in a smoke version: a dataset of two words by two
espeak-ng voices (python/examples/make_kws_dataset.py; needs espeak-ng, which
scripts/install-deps.sh installs), two training steps in Python (kws_espeak.py) and, when built,
in C++ (examples/kws_train.cpp), each reporting an accuracy on the test voice."""

import importlib.util
import os
import re
import subprocess

import pytest

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "examples")
PROGRAM = os.environ.get("NNAUDIO_KWS_TRAIN")


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, f"{name}.py"))
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    return example


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kws")
    rows = load_example("make_kws_dataset").make_dataset(
        folder, words=["yes", "no"], variants=["m1", "f1"], test_variants=["f1"], per_voice=1)
    assert [split for split, _, _ in rows] == ["train", "test", "train", "test"]
    return folder


@pytest.mark.parametrize("front_end", ["frozen", "mel", "all"])
def test_python_example_trains_and_reports_accuracy(dataset, front_end):
    accuracy, seconds = load_example("kws_espeak").train(dataset, front_end, steps=2, batch=2,
                                                         verbose=False)
    assert 0.0 <= accuracy <= 1.0 and seconds > 0.0


@pytest.mark.skipif(not PROGRAM or not os.path.exists(PROGRAM),
                    reason="the C++ example program was not built (NNAUDIO_KWS_TRAIN)")
@pytest.mark.parametrize("front_end", ["--frozen", "--trainable"])
def test_cpp_example_trains_and_reports_accuracy(dataset, front_end):
    result = subprocess.run([PROGRAM, str(dataset), front_end, "--steps", "2"], check=True,
                            capture_output=True, text=True)
    accuracy = float(re.search(r"test accuracy (\S+)", result.stdout).group(1))
    assert 0.0 <= accuracy <= 1.0
