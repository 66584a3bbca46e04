"""The CloudFormation adapter (YAML and JSON templates, SAM included).

Importing this package is cheap: cfn-lint's decoder is imported only when a template is parsed.
"""

from iacscan.frameworks.cloudformation.adapter import CloudFormationAdapter
from iacscan.frameworks.cloudformation.detect import looks_like_cloudformation

__all__ = ["CloudFormationAdapter", "looks_like_cloudformation"]
