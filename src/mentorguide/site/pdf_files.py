"""Site files whose bytes are PDFs that may still be rendering (see ``pdf/renders.py``)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Self

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..pdf.renders import PdfRenders


class PdfFile(File):
    """A site file whose bytes are a PDF that may still be rendering."""

    renders: PdfRenders
    future: Future[Path] | None = None

    @classmethod
    def create(cls, config: MkDocsConfig, uri: str, renders: PdfRenders) -> Self:
        file = cls.generated(config, uri, content=b"")
        assert isinstance(file, cls)
        file.renders = renders
        return file

    def start(self) -> Future[Path]:
        """The render this file waits for (subclasses may start it late)."""
        assert self.future is not None, f"{self.src_uri}: no render was started"
        return self.future

    def copy_file(self, dirty: bool = False) -> None:
        future = self.start()
        if future.done():
            self.copy_now()
        else:  # copied by PdfRenders.finish, so the build goes on meanwhile
            self.renders.waiting.append(self)

    def copy_now(self) -> None:
        try:
            path = self.start().result()
        except Exception as error:
            raise PluginError(
                f"mentorguide: {self.src_uri} could not be rendered: {error}"
            ) from error
        self.content_bytes = path.read_bytes()
        super().copy_file()
