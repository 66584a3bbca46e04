"""Hard-coded secrets in a resource's attributes, in every format.

Two signals, both on literal, known strings only (an `Unknown` is never a secret):
- a well-known token format anywhere (AWS key pairs, private key blocks, GitHub, GitLab, Slack,
  Stripe, Google, npm tokens, Azure account keys, passwords inside URLs and connection strings);
- a value written under a name that says it is a secret (`password`, `client_secret`,
  `api_key`, `MasterUserPassword`, a Kubernetes env var `DB_PASSWORD`), unless the value points
  at a secret kept elsewhere (`${...}`, `{{resolve:...}}`, `<...>`, an ARN, a Key Vault
  reference) or the name describes a secret without holding one (`password_length`,
  `secret_name`, `token_url`, `*_arn`, `*_id`, `enable_*`).

Strings that hold JSON, scripts or config files (`user_data`, ECS container definitions,
ConfigMap files) are searched inside. Some values are secrets by the resource's nature (a
Kubernetes Secret's `data`, a Key Vault secret's `value`). A hit never carries the whole
secret: its `masked` form shows at most the first four characters.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from iacscan.graph.model import AttrPath, Field, Framework, Resource, Unknown

MAX_DEPTH: Final = 64
MAX_EMBEDDED: Final = 200_000  # characters of one string searched for JSON and assignments
# (kind, the name it goes by inside a string, the secret, its path inside a JSON string)
Found = tuple[str, str | None, str, AttrPath]


@dataclass(frozen=True, slots=True)
class SecretHit:
    """A secret written at `field`: its kind, the name it goes by, and its masked form. The
    field's value is the masked form too, so nothing downstream can print the secret."""

    field: Field
    kind: str
    name: str
    masked: str

    @property
    def message(self) -> str:
        return f"{self.name} holds a hard-coded {self.kind} ({self.masked!r})"


def mask(secret: str) -> str:
    """At most the first four characters, and never more than a third of the secret."""
    return secret[: min(4, len(secret) // 3)] + "****"


# --- names ---------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORDS: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SECRET_ENDINGS: Final = ("password", "passwd", "passphrase", "secret", "token", "apikey")
_KEY_QUALIFIERS: Final = frozenset(
    {"api", "access", "private", "secret", "account", "master", "shared", "preshared", "auth"}
    | {"app", "client", "storage", "signing", "admin", "subscription", "primary", "secondary"}
)
# A last word that describes a secret instead of holding one (`password_length`).
_DESCRIPTORS: Final = _word_set(
    "length len policy policies name names url uri urls endpoint host hostname arn arns id ids "
    "version versions enabled enable disabled type types count path paths file files filename "
    "dir directory location format mode required hint description template ttl expiry "
    "expiration expires age duration period days header prefix suffix field ref reference "
    "source selector provider permissions permission rule rules strength complexity algorithm "
    "encoding kind date time timestamp status state label labels tag tags schedule lifetime "
    "window retries mount volume store group generator chars characters reset validation "
    "regex pattern min max minimum maximum authentication rotation size secrets seconds "
    "second secs minutes minute mins hours hour ms millis timeout interval delay refresh limit "
    "spec specs usage origin "  # `customer_master_key_spec = "SYMMETRIC_DEFAULT"`
    "tokens passwords keys"  # a plural names a setting or a list (`http_tokens = "required"`)
)
# A first word that makes the setting a switch or a rule about secrets (`enable_password_auth`).
_SWITCHES: Final = _word_set(
    "enable enabled disable disabled allow use require required skip is has manage generate "
    "random rotate show no min max minimum maximum"
)
_PUBLIC_MATERIAL: Final = _word_set(
    "crt cert certificate pub bundle ca username user host hostname port database db endpoint "
    "url uri region namespace name"
)


def words(name: str) -> list[str]:
    """`MasterUserPassword`, `master_user_password`, `MASTER-USER-PASSWORD` -> master user
    password."""
    return [w.lower() for w in _WORDS.findall(name)]


@functools.lru_cache(maxsize=8192)  # attribute names repeat across every resource of a scan
def names_secret(name: str) -> bool:
    """True when a value written under `name` is a secret."""
    parts = words(name)
    if not parts or parts[-1] in _DESCRIPTORS or parts[0] in _SWITCHES:
        return False
    if "kms" in parts or "existing" in parts:
        return False  # `auth.existingSecret: pg-secret`, `secret_kms_key`: references
    if parts[-1] == "secret" and any(_secret_word(w) for w in parts[:-1]):
        return False  # `passwordSecret: db-credentials` names the Secret that holds it
    for index, word in enumerate(parts):
        if _secret_word(word):
            return True
        if word in ("key", "keys") and index > 0 and parts[index - 1] in _KEY_QUALIFIERS:
            return True
    return False


def _secret_word(word: str) -> bool:
    base = word[:-1] if word.endswith("s") and len(word) > 5 else word
    return base.endswith(_SECRET_ENDINGS) or base == "psk"


def is_public_material(name: str) -> bool:
    """Entries of a secret store that are not secret: certificates, user names, hosts."""
    parts = words(name)
    return bool(parts) and parts[-1] in _PUBLIC_MATERIAL


# --- values that stand for a secret kept elsewhere ----------------------------------------

_REFERENCE_MARKERS: Final = ("${", "$(", "{{", "#{", "%{", "@Microsoft.KeyVault(")
# SOPS writes encrypted values as `ENC[AES256_GCM,...]`.
_REFERENCE_PREFIXES: Final = tuple(
    _word_set("arn: vault: ref+ sm:// secretsmanager: ssm: projects/ enc[ http:// https://")
)
_REFERENCE_FORMS: Final = re.compile(
    r"^(<[^<>]*>|\$[A-Za-z_][\w.-]*|__[A-Za-z0-9_]+__|\[[^\[\]]*\]"
    r"|[*xX.#?_-]+|/[\w.-]+(/[\w.-]+)+)$"
)
_FLAG_WORDS: Final = _word_set(
    "true false yes no on off null none required optional enabled disabled"
)


def is_reference(value: str) -> bool:
    """True for text that points at a secret instead of holding one: interpolations and
    dynamic references, `<placeholders>`, `$VARS`, ARNs, vault paths, file paths, URLs, masks
    like `********`, and flag words (`MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`)."""
    text = value.strip()
    if not text or text.lower() in _FLAG_WORDS:
        return True
    if any(marker in text for marker in _REFERENCE_MARKERS):
        return True
    return text.lower().startswith(_REFERENCE_PREFIXES) or bool(_REFERENCE_FORMS.match(text))


# --- well-known token formats --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenFormat:
    kind: str
    pattern: re.Pattern[str]
    group: int = 0


TOKEN_FORMATS: Final = (
    TokenFormat(
        "private key",
        re.compile(r"-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----"),
    ),
    TokenFormat("GitHub token", re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    TokenFormat("GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    TokenFormat("Slack token", re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}")),
    TokenFormat(
        "Slack webhook URL",
        re.compile(r"https://hooks\.slack\.com/services/(T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})"),
        1,
    ),
    TokenFormat("Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
    TokenFormat("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    TokenFormat("npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
    TokenFormat("bearer token", re.compile(r"\bBearer\s+([A-Za-z0-9._~+/-]{20,}=*)"), 1),
    TokenFormat(
        "Azure account key",
        re.compile(r"(?i)\b(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})"),
        1,
    ),
    TokenFormat(
        "AWS secret access key",
        re.compile(r"(?i)aws_?secret_?access_?key\W{0,3}[:=]\W{0,3}([A-Za-z0-9/+]{40})\b"),
        1,
    ),
    TokenFormat("password in a URL", re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/:@]+:([^\s/@]+)@"), 1),
    TokenFormat(
        "password in a connection string",
        re.compile(r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*([^;\s]+)\s*(?=;|$)"),
        1,
    ),
)
AWS_KEY_ID: Final = re.compile(r"(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])")
_AWS_SECRET_SHAPE: Final = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")


def aws_key_id(text: str) -> str | None:
    """An AWS access key id, except AWS's documentation example (`...EXAMPLE`)."""
    found = AWS_KEY_ID.search(text)
    return found.group(0) if found and not found.group(0).endswith("EXAMPLE") else None


def aws_secret_candidate(text: str) -> str | None:
    """A 40-character base64 run shaped like an AWS secret access key: mixed case, so never a
    hex digest such as a git commit."""
    for match in _AWS_SECRET_SHAPE.finditer(text):
        token = match.group(0)
        if any(c.islower() for c in token) and any(c.isupper() for c in token):
            return token
    return None


# Every format above needs one of these literals: one search rules most strings out at once.
_TOKEN_HINT: Final = re.compile(
    r"PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack\.com|_live_|AIza|npm_|Bearer"
    r"|://|AKIA|(?i:accountkey|sharedaccesskey|aws_?secret|password|pwd)"
)


def find_token(text: str) -> tuple[str, str] | None:
    """The first well-known secret format in `text`: (kind, the secret)."""
    if _TOKEN_HINT.search(text) is None:
        return None
    key_id = aws_key_id(text)
    if key_id is not None and aws_secret_candidate(text.replace(key_id, "")):
        return "AWS access key pair", key_id
    for token in TOKEN_FORMATS:
        for match in token.pattern.finditer(text):
            secret = match.group(token.group)
            if token.group and is_reference(secret):
                continue  # `postgres://app:${DB_PASSWORD}@db`, `Password={{db_password}}`
            if token.kind == "private key":
                secret = text[match.end() :].strip() or secret
            return token.kind, secret
    return None


# --- secrets written inside text: JSON documents, scripts, config files -------------------

_NAME: Final = r"(?:^|[\s;,{(&?])(?:export\s+|-D)?[\"']?([A-Za-z_][\w.-]*)[\"']?"
_VALUE: Final = r"([\"']?)([^\s\"',;&]+)\2"
# `NAME=value` (shell, properties, query strings, -D options) anywhere; `name = value` and
# `name: value` (ini, YAML) only when the value ends the line, so prose such as "token: the API
# token" or "set password = the one in the vault" is not taken for a secret.
_TIGHT: Final = re.compile(rf"(?m){_NAME}={_VALUE}(?=\s|$|[;,}})&])")
_LINE: Final = re.compile(rf"(?m){_NAME}[ \t]*(?:=|:(?!//))[ \t]*{_VALUE}(?=[ \t]*(?:$|[;,}})&]))")
_FLAG: Final = re.compile(r"(?:^|\s)--([A-Za-z][\w-]*)=([\"']?)([^\s\"']+)\2(?=\s|$)")


def _embedded(text: str, depth: int) -> Found | None:
    """A secret written inside a string: a JSON document, `NAME=value` and `name: value` lines,
    `--flag=value` arguments."""
    text = text[:MAX_EMBEDDED]
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            document = json.loads(stripped)
        except ValueError:
            document = None
        if isinstance(document, (dict, list)):
            for name, value, inner in _strings(document, (), None, depth + 1):
                found = _classify(value, name, depth + 1)
                if found is not None:
                    return found[0], found[1] or name, found[2], inner + found[3]
            return None
    for pattern in (_TIGHT, _LINE, _FLAG):
        for match in pattern.finditer(text):
            name, value = match.group(1), match.group(3)
            if names_secret(name) and not is_reference(value):
                return "secret", name, value, ()
    return None


# --- walking attributes --------------------------------------------------------------------

_PAIR_NAME_KEYS: Final = ("name", "Name", "key", "Key")
_PAIR_VALUE_KEYS: Final = frozenset({"value", "Value", "secureValue"})
_ENCRYPTED_KEYS: Final = frozenset({"encryptedData"})
_STORE_TYPES: Final = frozenset({"PARAMETER_STORE", "SECRETS_MANAGER"})
_METADATA_KEYS: Final = _word_set("annotations labels matchLabels tags Tags tags_all")


def _strings(
    value: Any, path: AttrPath, name: str | None, depth: int, named: bool = True
) -> Iterator[tuple[str | None, str, AttrPath]]:
    """Every known string in `value` with the name it is written under and its path. In a
    name/value pair (`{name: DB_PASSWORD, value: ...}`: Kubernetes env, ECS, App Service
    settings) the value goes by the pair's name. Under labels, annotations and tags names go
    unused (`auth-secret: basic-auth` names a Secret): only token formats count there."""
    if depth > MAX_DEPTH or isinstance(value, Unknown):
        return
    if isinstance(value, str):
        yield (name if named else None), value, path
        return
    # String children are yielded here rather than through a nested generator each: this walk
    # visits every string of every resource, and the generators were most of its cost.
    inner_depth = depth + 1
    if isinstance(value, dict):
        pair = next((value[k] for k in _PAIR_NAME_KEYS if isinstance(value.get(k), str)), None)
        store = value.get("type", value.get("Type"))
        stored = isinstance(store, str) and store in _STORE_TYPES  # CodeBuild: a name
        for key, item in value.items():
            if key in _ENCRYPTED_KEYS:
                continue  # ciphertext meant to be committed (Bitnami SealedSecrets)
            key_name = str(key)
            if key in _PAIR_VALUE_KEYS and not stored:
                # `{name: DB_PASSWORD, value: ...}`, and ARM's `"adminPassword": {"value": ...}`
                key_name = pair if pair is not None else (name or key_name)
            inner_named = named and key not in _METADATA_KEYS
            if isinstance(item, str):
                if inner_depth <= MAX_DEPTH:
                    yield (key_name if inner_named else None), item, (*path, key)
            else:
                yield from _strings(item, (*path, key), key_name, inner_depth, inner_named)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                if inner_depth <= MAX_DEPTH:
                    yield None, item, (*path, index)
            else:
                yield from _strings(item, (*path, index), None, inner_depth, named)


def _classify(text: str, name: str | None, depth: int = 0) -> Found | None:
    if name is not None and _names_user_data(name):
        text = decode_base64(text) or text  # CloudFormation's Fn::Base64 user data
    token = find_token(text)
    if token is not None:
        return token[0], None, token[1], ()
    if name is not None and names_secret(name) and not is_reference(text):
        return "secret", None, text, ()
    if depth < 3 and any(c in text for c in "\n{=:"):
        return _embedded(text, depth)
    return None


@functools.lru_cache(maxsize=8192)
def _names_user_data(name: str) -> bool:
    return words(name)[-2:] in (["user", "data"], ["custom", "data"])


def _label(path: AttrPath) -> str:
    """How a value without a name of its own is called: its nearest key (`args`)."""
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "a value")


def _hit(resource: Resource, path: AttrPath, name: str, found: Found) -> SecretHit:
    kind, inner, secret, inner_path = found
    shown = f"{name} ({inner})" if inner and inner != name else name
    masked = mask(secret)
    # Inside a JSON string the path goes on into the document: adapters that know where its
    # keys are written (Terraform `jsonencode`, heredocs) give that line, others the string's.
    return SecretHit(Field(resource, path + inner_path, masked), kind, shown, masked)


def _walk(
    resource: Resource,
    value: Any,
    path: AttrPath,
    name: str | None,
    by_name: bool,
    key_ids: list[str],
) -> Iterator[SecretHit]:
    """Secrets in `value`; texts that may hold an AWS access key id are added to `key_ids`."""
    for key, text, at in _strings(value, path, name, 0):
        if "AKIA" in text:
            key_ids.append(text)
        found = _classify(text, key if by_name else None)
        if found is not None:
            yield _hit(resource, at, key or _label(at), found)


def _stored(resource: Resource, value: Any, path: AttrPath, name: str) -> Iterator[SecretHit]:
    """Values that are secrets by the resource's nature; `base64`: Kubernetes `data`."""
    base64_encoded = resource.framework is Framework.KUBERNETES and path[-1:] == ("data",)
    for key, text, at in _strings(value, path, name, 0):
        label = key or name
        plain = (decode_base64(text) or text) if base64_encoded else text
        if is_reference(plain) or is_public_material(label):
            found = find_token(plain)  # a certificate bundle may still carry a key
            if found is not None:
                yield _hit(resource, at, label, (found[0], None, text, ()))
            continue
        token = find_token(plain)
        yield _hit(resource, at, label, (token[0] if token else "secret", None, text, ()))


# Values that are secrets by the resource's nature: (framework, type) -> attribute paths.
STORED_SECRETS: Final[dict[tuple[Framework, str], tuple[AttrPath, ...]]] = {
    (Framework.KUBERNETES, "Secret"): (("data",), ("stringData",)),
    (Framework.TERRAFORM, "kubernetes_secret"): (("data",), ("binary_data",)),
    (Framework.TERRAFORM, "kubernetes_secret_v1"): (("data",), ("binary_data",)),
    (Framework.TERRAFORM, "azurerm_key_vault_secret"): (("value",),),
    (Framework.TERRAFORM, "aws_ssm_parameter"): (("value",),),
    (Framework.TERRAFORM, "github_actions_secret"): (("plaintext_value",),),
    (Framework.TERRAFORM, "github_actions_organization_secret"): (("plaintext_value",),),
    (Framework.TERRAFORM, "vault_generic_secret"): (("data_json",),),
    (Framework.TERRAFORM, "vault_kv_secret_v2"): (("data_json",),),
    (Framework.TERRAFORM, "aws_api_gateway_api_key"): (("value",),),
    (Framework.CLOUDFORMATION, "AWS::ApiGateway::ApiKey"): (("Value",),),
    (Framework.ARM, "Microsoft.KeyVault/vaults/secrets"): (("properties", "value"),),
}


# Kinds whose fields name secrets kept in a store (`secretKey: password` is the key of the
# Secret to write, not a password): only well-known token formats count there.
REFERENCE_KINDS: Final = frozenset(
    (Framework.KUBERNETES, kind)
    for kind in _word_set(
        "ExternalSecret ClusterExternalSecret SecretStore ClusterSecretStore PushSecret "
        "SecretProviderClass VaultStaticSecret VaultDynamicSecret"
    )
)


def _stored_paths(resource: Resource) -> tuple[AttrPath, ...]:
    paths = STORED_SECRETS.get((resource.framework, resource.type), ())
    if resource.type == "aws_ssm_parameter" and resource.get("type") != "SecureString":
        return ()
    if resource.type == "Secret" and resource.get("type") == "kubernetes.io/service-account-token":
        return ()  # the token controller fills it in
    return paths if resource.kind == "resource" else ()


def find_secrets(resource: Resource, skip: Sequence[AttrPath] = ()) -> list[SecretHit]:
    """The hard-coded secrets of one resource, one per attribute, in written order. `skip`:
    paths whose value comes from elsewhere and is judged there (a Terraform attribute set from
    a variable whose default is reported on the variable)."""
    roots: list[tuple[AttrPath, str]]
    if resource.kind == "variable":
        roots = [(("default",), resource.name)]
    elif resource.kind == "locals":
        roots = [(("value",), resource.name)]
    else:
        roots = [((key,), key) for key in resource.attributes]
    stored = _stored_paths(resource)
    hits: dict[AttrPath, SecretHit] = {}
    key_ids: list[str] = []
    by_name = (resource.framework, resource.type) not in REFERENCE_KINDS
    for path, name in roots:
        value = resource.get(*path)
        for hit in (
            _walk(resource, value, path, name, by_name, key_ids) if path not in stored else ()
        ):
            hits.setdefault(hit.field.path, hit)
    for path in stored:
        value = resource.get(*path)
        if _contains_text(value, "AKIA"):
            key_ids.append("AKIA")
        for hit in _stored(resource, value, path, str(path[-1])):
            hits[hit.field.path] = hit
    if key_ids:  # the pairing walk is needed only where a key id may be written
        for hit in paired_aws_secrets(resource, list(hits)):
            hits.setdefault(hit.field.path, hit)
    return [h for h in hits.values() if not any(p and _related(h.field.path, p) for p in skip)]


def paired_aws_secrets(resource: Resource, found: Sequence[AttrPath]) -> Iterator[SecretHit]:
    """An AWS access key id in one attribute and a secret access key in another (say
    `AWS_ACCESS_KEY_ID` and `AWS_SECRET` env vars): the secret is reported."""
    strings = list(_strings(resource.attributes, (), None, 0))
    if not any(aws_key_id(text) for _, text, _ in strings):
        return
    for key, text, at in strings:
        secret = aws_secret_candidate(text)
        if secret is not None and at not in found and aws_key_id(text) is None:
            yield _hit(resource, at, key or _label(at), ("AWS secret access key", None, secret, ()))


def _contains_text(value: Any, needle: str) -> bool:
    """Whether any string (key or value) inside `value` contains `needle`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if needle in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(k for k in item if isinstance(k, str))
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _related(path: AttrPath, other: AttrPath) -> bool:
    shorter = min(len(path), len(other))
    return path[:shorter] == other[:shorter]


def decode_base64(text: str) -> str | None:
    try:
        return base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
