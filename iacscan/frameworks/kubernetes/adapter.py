"""The Kubernetes adapter: manifests (multi-document YAML or JSON) -> one resource per object."""

from __future__ import annotations

from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.kubernetes import helm
from iacscan.frameworks.kubernetes.links import link
from iacscan.frameworks.kubernetes.resources import build_resources
from iacscan.frameworks.yaml_positions import YamlError, load_stream
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource


class KubernetesAdapter:
    framework = Framework.KUBERNETES

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        del options  # manifests take no outside values
        result = ParseResult()
        for source in unit.files:
            _parse_file(source, result)
        return result

    def link(self, resources: list[Resource]) -> list[Edge]:
        return link(resources)


def _parse_file(source: SourceFile, result: ParseResult) -> None:
    """Every readable document of the file becomes resources; each broken one an error."""
    stream = load_stream(source.text)
    templated = helm.has_templates(source.text)
    for error in stream.errors:
        result.errors.append(_file_error(source, error, templated))
    built = build_resources(source.rel, stream.documents, templated)
    result.resources.extend(built.resources)
    result.notices.extend(built.notices)
    if built.unknown_templates:
        line = helm.first_template_line(source.text)
        message = (
            "unrendered Helm template expressions are read as unknown values: "
            "render the chart with `helm template` for a complete scan"
        )
        result.notices.append(FileError(source.rel, line, message, kind="eval"))


def _file_error(source: SourceFile, error: YamlError, templated: bool) -> FileError:
    if templated:
        helm_error = helm.template_error(source.rel, source.text, error)
        if helm_error is not None:
            return helm_error
    return FileError(source.rel, error.line, error.message, error.column, error.kind)
