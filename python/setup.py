"""Builds and installs nnaudio_cpp: CMake builds the C++ library and the operator library
(_nnaudio_ops.so) against the torch of the interpreter that runs this script.

    pip install --no-build-isolation ./python

--no-build-isolation makes pip use the installed torch (an isolated build would look for one
on PyPI). The CMake build folder is python/build/cmake, reused by later installs. Set
NNAUDIO_CMAKE_ARGS to pass more options (for example "-DNNAUDIO_WITH_FFTW=OFF").
"""

import os
import re
import shlex
import shutil
import subprocess
import sys

import torch
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class CMakeBuild(build_ext):
    """Builds the CMake target nnaudio_python and copies the library into the package."""

    def get_ext_filename(self, fullname):
        # Loaded with torch.ops.load_library, so one plain name (nnaudio_cpp/__init__.py).
        return os.path.join(*fullname.split(".")) + ".so"

    def build_extension(self, ext):
        build_dir = os.path.join(HERE, "build", "cmake")
        configure = [
            "cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
            f"-DCMAKE_PREFIX_PATH={torch.utils.cmake_prefix_path}",
            f"-DNNAUDIO_PYTHON_EXECUTABLE={sys.executable}", "-DNNAUDIO_BUILD_PYTHON=ON",
            "-DNNAUDIO_BUILD_TESTS=OFF", "-DNNAUDIO_BUILD_BENCH=OFF",
            "-DNNAUDIO_BUILD_EXAMPLES=OFF", "-DNNAUDIO_BUILD_TOOLS=OFF",
        ]
        if shutil.which("ninja") and not os.path.exists(os.path.join(build_dir, "Makefile")):
            configure += ["-G", "Ninja"]
        configure += shlex.split(os.environ.get("NNAUDIO_CMAKE_ARGS", ""))
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "nnaudio_python"])
        built = os.path.join(build_dir, "python", "nnaudio_cpp", "_nnaudio_ops.so")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="nnaudio_cpp",
    # project(nnaudio VERSION x.y.z) of the top CMakeLists.txt, the version the library reports.
    version=re.search(r"project\(nnaudio VERSION ([0-9.]+)",
                      open(os.path.join(ROOT, "CMakeLists.txt")).read()).group(1),
    description="nnaudio-cpp's spectrogram transforms as PyTorch modules (nnAudio's API)",
    packages=["nnaudio_cpp", "nnaudio_cpp.features"],
    ext_modules=[Extension("nnaudio_cpp._nnaudio_ops", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # torch is not listed: the build must use the torch that is installed, never fetch one.
    python_requires=">=3.8",
    zip_safe=False,
)
