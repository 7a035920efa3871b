"""Build hook: ship the notebooks in ``workbooks/`` and ``facilitator/`` inside the wheel.

The repository keeps the notebooks at the top level (where people look for them); an installed
plkit finds them as package data under ``plkit/_notebooks``. Editable installs read the repository
folders directly (see ``plkit.paths``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithNotebooks(build_py):
    def run(self) -> None:
        super().run()
        for folder in ("workbooks", "facilitator"):
            src = HERE / folder
            if not src.is_dir():
                continue
            dst = Path(self.build_lib) / "plkit" / "_notebooks" / folder
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(
                src,
                dst,
                ignore=shutil.ignore_patterns(
                    ".ipynb_checkpoints", "__pycache__", "plkit-responses*.json", "*.pyc"
                ),
            )


setup(cmdclass={"build_py": BuildPyWithNotebooks})
