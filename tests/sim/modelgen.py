"""Maximal, model-valid EKS answers, generated from AWS's own API models.

The simulator's hand-written answers are a hypothesis about EKS; this module
builds its test data from the models instead (issue 15, "Build" item 2):

* ``../shared/aws-models/eks-2017-11-01.service-2.json`` (botocore 1.43.11):
  every shape, member, enum, ``min``/``max``/``pattern`` and ``required`` list;
* ``../shared/aws-models/eks-sdk-js-3.1175.0/models_0.d.ts`` and ``enums.d.ts``
  (@aws-sdk/client-eks 3.1175.0) for what the botocore model lacks: every
  interface of ``models_0.d.ts`` is merged in (members botocore lacks, such as
  ``Update.cancellation``, ``Cluster.kubeApiServerConfig``,
  ``ClusterVersionInformation.controlPlaneScalingTiers``; structures only the
  newer model has, such as ``Cancellation``), and every enum of ``enums.d.ts``
  is merged value by value (``UpdateType`` VersionRollback, CapabilityUpdate...,
  ``UpdateParamType`` KubeApiServerConfig..., ``Category`` ROLLBACK_READINESS).
  ``Model.added`` lists what came from there. Interfaces the SDK keeps in files
  that are not in ``../shared`` (``models_1.d.ts``) are not merged; a member
  whose type is one of them is left out and listed in ``Model.unresolved``.

The paths are resolved as ``../shared/aws-models`` from the repository root;
nothing is copied into the repository. ``models_dir()`` is None when they are
absent (the tests then skip, as the SigV4 vectors do).

``Generator`` turns a shape into a value: every member present (optional ones
too; or, with ``nulls=True``, every optional member an explicit null), strings
of 2-10 KB where the model sets no ``max`` (in the first item of each list, to
depth 2; 1-300 bytes further down, so an answer stays well under a MiB) with
multi-byte UTF-8, quotes, backslashes and control characters, bounded strings
at their ``max`` (``pattern`` kept), integers at their bounds, lists and maps of
several items, every enum value in turn plus one the model does not list (in
the enum's own style), and members no model knows (every JSON kind) in every
structure. ``pins`` fix the members a scenario decides on (names, versions,
statuses). ``validate()`` checks a value against the model.

Coverage (botocore 1.43.11 + sdk-js 3.1175.0): the outputs of the 14
operations in TOOL_OPERATIONS reach 106 structures with 328 members (70 of
them from sdk-js) and 31 enums with 271 values; UpdateType 22 values,
UpdateParamType 60, ErrorCode 17. Six maximal_scenario() calls from one
Generator hand out every value of every enum the scenario does not decide
(test_modelgen.py); the decided ones (cluster/update/insight statuses,
versionStatus, category) are set in turn by test_model_responses.py.

``maximal_scenario()`` builds a whole simulator scenario from that, consistent
for the tool: the cluster, its node groups, add-ons, insights and an update
history with every ``UpdateType`` (realistic ``params`` of every
``UpdateParamType``, ``errors`` of every ``ErrorCode`` with long messages), plus
the simulator's ``responses`` overrides (tests/sim/responses.py) that add what
the simulator's own answers do not carry (DescribeAddonVersions,
DescribeClusterVersions members, unknown top-level members,
StartInsightsRefresh / DescribeInsightsRefresh).
"""

import copy
import json
import os
import re
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BOTOCORE = "eks-2017-11-01.service-2.json"
SDK_JS = "eks-sdk-js-3.1175.0"

# The EKS operations the tool calls (and will call soon: DescribeInsight,
# StartInsightsRefresh, DescribeInsightsRefresh).
TOOL_OPERATIONS = (
    "DescribeCluster", "ListUpdates", "DescribeUpdate", "ListNodegroups", "DescribeNodegroup",
    "ListAddons", "DescribeAddon", "DescribeAddonVersions", "ListInsights",
    "DescribeClusterVersions", "UpdateClusterVersion", "DescribeInsight",
    "StartInsightsRefresh", "DescribeInsightsRefresh",
)

OMIT = object()  # a pin value: leave the member out


def models_dir():
    """``../shared/aws-models`` next to the repository, or None when absent."""
    path = os.path.normpath(os.path.join(REPO, "..", "shared", "aws-models"))
    return path if os.path.isfile(os.path.join(path, BOTOCORE)) else None


# ------------------------------------------------------------------ the model

class Model:
    def __init__(self, shapes, operations):
        self.shapes = shapes
        self.operations = operations
        self.added = []       # ("shape", S) / ("member", S, m) / ("enum", S, value) from sdk-js
        self.unresolved = []  # (S, m, ts type) members of sdk-js types not in ../shared

    def shape(self, name):
        return self.shapes[name]

    def enum(self, name):
        return self.shapes[name].get("enum")

    def output(self, operation):
        return self.operations[operation]["output"]["shape"]

    def members(self, name):
        return self.shapes[name].get("members", {})

    def member_shape(self, struct, member):
        return self.shapes[struct]["members"][member]["shape"]

    def enums_under(self, name, _seen=None):
        """Enum shape names reachable from shape `name`."""
        seen = set() if _seen is None else _seen
        if name in seen:
            return set()
        seen.add(name)
        s = self.shapes[name]
        found = {name} if s.get("enum") else set()
        kids = []
        if s["type"] == "structure":
            kids = [m["shape"] for m in s["members"].values()]
        elif s["type"] == "list":
            kids = [s["member"]["shape"]]
        elif s["type"] == "map":
            kids = [s["key"]["shape"], s["value"]["shape"]]
        for k in kids:
            found |= self.enums_under(k, seen)
        return found

    def count_members(self, name, _seen=None):
        """(structures, members) reachable from shape `name`."""
        seen = set() if _seen is None else _seen
        if name in seen:
            return 0, 0
        seen.add(name)
        s = self.shapes[name]
        structs, members, kids = 0, 0, []
        if s["type"] == "structure":
            structs, members = 1, len(s["members"])
            kids = [m["shape"] for m in s["members"].values()]
        elif s["type"] == "list":
            kids = [s["member"]["shape"]]
        elif s["type"] == "map":
            kids = [s["value"]["shape"]]
        for k in kids:
            a, b = self.count_members(k, seen)
            structs, members = structs + a, members + b
        return structs, members


TS_INTERFACE = re.compile(r"^export interface (\w+) \{\n(.*?)^\}", re.M | re.S)
TS_MEMBER = re.compile(r"^    (\w+)(\??): (.+?) \| undefined;$", re.M)
TS_ENUM = re.compile(r"export declare const (\w+): \{(.*?)\};", re.S)
TS_ENUM_VALUE = re.compile(r'readonly \w+: "([^"]*)";')
TS_SCALARS = {"string": "String", "number": "BoxedInteger", "boolean": "BoxedBoolean",
              "Date": "Timestamp"}


def load(path=None):
    """The EKS model: botocore's, with the sdk-js model's additions merged in."""
    path = path or models_dir()
    if path is None:
        raise FileNotFoundError("../shared/aws-models is absent")
    with open(os.path.join(path, BOTOCORE), encoding="utf-8") as f:
        data = json.load(f)
    model = Model(data["shapes"], data["operations"])
    ts_dir = os.path.join(path, SDK_JS)
    if os.path.isfile(os.path.join(ts_dir, "models_0.d.ts")):
        _merge_sdk_js(model, ts_dir)
    return model


def _merge_sdk_js(model, ts_dir):
    shapes = model.shapes
    with open(os.path.join(ts_dir, "enums.d.ts"), encoding="utf-8") as f:
        enums = {name: TS_ENUM_VALUE.findall(body) for name, body in TS_ENUM.findall(f.read())}
    with open(os.path.join(ts_dir, "models_0.d.ts"), encoding="utf-8") as f:
        interfaces = dict(TS_INTERFACE.findall(f.read()))

    for name, values in enums.items():
        s = shapes.get(name)
        if s is None:
            shapes[name] = {"type": "string", "enum": list(values), "_source": "sdk-js"}
            model.added.append(("shape", name))
        elif "enum" in s:
            for v in values:
                if v not in s["enum"]:
                    s["enum"].append(v)
                    model.added.append(("enum", name, v))

    def resolve(ts_type):
        ts_type = ts_type.strip()
        if ts_type in TS_SCALARS:
            return TS_SCALARS[ts_type]
        if ts_type == "Record<string, string>":
            name = "sdkjs:StringMap"
            shapes.setdefault(name, {"type": "map", "key": {"shape": "String"},
                                     "value": {"shape": "String"}})
            return name
        if ts_type.endswith("[]"):
            inner = resolve(ts_type[:-2])
            if inner is None:
                return None
            name = "sdkjs:%sList" % inner
            shapes.setdefault(name, {"type": "list", "member": {"shape": inner}})
            return name
        if ts_type in shapes or ts_type in interfaces:
            return ts_type
        return None

    for name in interfaces:  # structures only the newer model has
        if name not in shapes:
            shapes[name] = {"type": "structure", "members": {}, "_source": "sdk-js"}
            model.added.append(("shape", name))
    for name, body in interfaces.items():
        s = shapes[name]
        if s["type"] != "structure":
            continue
        for member, optional, ts_type in TS_MEMBER.findall(body):
            if member in s["members"]:
                continue
            target = resolve(ts_type)
            if target is None:
                model.unresolved.append((name, member, ts_type))
                continue
            s["members"][member] = {"shape": target, "_source": "sdk-js"}
            if not optional:
                s.setdefault("required", []).append(member)
            if s.get("_source") != "sdk-js":
                model.added.append(("member", name, member))


# ------------------------------------------------------------------ values

# Text for long strings: multi-byte UTF-8 (2, 3 and 4 bytes), JSON escapes,
# a terminal escape sequence, markup. The model allows any of it in a String.
FILLER = ("Lorem ipsum dolor sit amet — «ÆØÅ» \"quoted\" 'single' \\back\\slash\\ "
          "tab\there new\nline cr\r 日本語のテキスト 🚀🛰️ <b>&amp;</b> \u001b[31mred\u001b[0m "
          "\u0007bell ")
UNKNOWN_MEMBER_VALUES = (
    "a member this model does not know",
    2 ** 53 - 1,
    -0.5e-3,
    True,
    None,
    {"nested": {"deeper": [1, "two", None, {"three": [3.0]}]}, "flag": False},
    ["x", 1, None, [], {}],
)
TEXT_LENGTHS = (2048, 10240, 4096)  # bytes, in turn, where the model has no max
SHORT_LENGTHS = (1, 40, 300)  # the same, deeper down and in further list items
EPOCH = 1735689600.0  # 2025-01-01T00:00:00Z


def unknown_enum_value(values):
    """A value in the enum's own style that it does not list."""
    sample = values[0] if values else "Value"
    if re.fullmatch(r"[A-Z0-9_]+", sample):
        return "FUTURE_VALUE_2030"
    if re.fullmatch(r"[a-z0-9-]+", sample):
        return "future-value-2030"
    if re.fullmatch(r"[a-z0-9_]+", sample):
        return "future_value_2030"
    return "FutureValue2030"


def text(prefix, nbytes):
    """`prefix` + filler cut to at most `nbytes` bytes of UTF-8 (whole characters)."""
    out = prefix
    while len(out.encode()) < nbytes:
        out += FILLER
    raw = out.encode()[:nbytes]
    return raw.decode("utf-8", errors="ignore")


class Generator:
    """Values for model shapes. Enum values are handed out in turn per enum
    (every value, then one unknown, then again), so a response with several
    items, or several responses from one Generator, cover them all."""

    def __init__(self, model, *, text_lengths=TEXT_LENGTHS, short_lengths=SHORT_LENGTHS,
                 long_depth=2, list_len=4, nested_list_len=2, map_len=3, unknown_members=True,
                 nulls=False, max_depth=10):
        self.model = model
        self.text_lengths = tuple(text_lengths)
        self.short_lengths = tuple(short_lengths)
        self.long_depth = long_depth
        self.list_len = list_len
        self.nested_list_len = nested_list_len
        self.map_len = map_len
        self.unknown_members = unknown_members
        self.nulls = nulls  # every optional member explicit null instead
        self.max_depth = max_depth
        self.cursor = {}    # enum shape -> next index
        self.used = {}      # enum shape -> set of values handed out
        self._n = 0         # counter for lengths, numbers, booleans

    def tick(self):
        self._n += 1
        return self._n

    # -- enums
    def enum_value(self, shape):
        values = self.model.enum(shape)
        cycle = list(values) + [unknown_enum_value(values)]
        i = self.cursor.get(shape, 0)
        self.cursor[shape] = i + 1
        v = cycle[i % len(cycle)]
        self.used.setdefault(shape, set()).add(v)
        return v

    def all_enum_values(self, shape, unknown=True):
        values = list(self.model.enum(shape))
        if unknown:
            values.append(unknown_enum_value(values))
        self.used.setdefault(shape, set()).update(values)
        return values

    # -- scalars
    def string(self, shape, label, long=True):
        s = self.model.shape(shape)
        if s.get("enum"):
            return self.enum_value(shape)
        lo, hi = s.get("min", 0), s.get("max")
        pattern = s.get("pattern")
        if pattern is not None:
            # The model's patterns here are "^[0-9A-Za-z][A-Za-z0-9\-_]*"-like.
            n = hi or 100
            base = "z" + re.sub(r"[^A-Za-z0-9_-]", "-", label)
            return (base * (n // len(base) + 1))[:n]
        lengths = self.text_lengths if long else self.short_lengths
        n = hi if hi is not None else lengths[self.tick() % len(lengths)]
        if hi is not None:
            # Short bounded strings (label keys, tag keys): ASCII, as Kubernetes
            # and AWS restrict those characters beyond what the model says.
            base = re.sub(r"[^A-Za-z0-9.-]", "-", label) + "-"
            out = (base * (n // len(base) + 1))[:max(n, lo)]
            return out.strip("-.") or "x" * max(lo, 1)
        return text(label + ": ", n)

    def integer(self, shape):
        s = self.model.shape(shape)
        lo, hi = s.get("min"), s.get("max")
        if self.tick() % 2:
            return hi if hi is not None else 2 ** 31 - 1
        return lo if lo is not None else 0

    def timestamp(self):
        # Epoch seconds with a fraction, as EKS sends them, spread over years.
        return round(EPOCH - 86400 * 400 + 86400 * 7.3 * (self.tick() % 120) + 0.125, 3)

    def extras(self, where, full=True):
        """Members no model knows: one of each JSON kind (`full`), or one
        of them in turn (deeper down, to keep answers small)."""
        if not self.unknown_members:
            return {}
        kinds = list(enumerate(UNKNOWN_MEMBER_VALUES))
        if not full:
            kinds = [kinds[self.tick() % len(kinds)]]
        return {"futureMember%d%s" % (i, where): copy.deepcopy(v) for i, v in kinds}

    # -- any shape
    def value(self, shape, pins=None, label=None, depth=0, long=True):
        """A value of `shape`. Strings are long (text_lengths) in the first
        item of each list down to depth `long_depth`, short beyond: every
        member gets a long value and a response stays well under a MiB."""
        pins = pins or {}
        s = self.model.shape(shape)
        t = s["type"]
        label = label or shape
        if t == "structure":
            return self.structure(shape, pins, depth, long)
        if t == "list":
            n = self.list_len if depth <= 2 else self.nested_list_len
            n = max(min(n, s.get("max", n)), s.get("min", 0))
            if depth >= self.max_depth:
                return []
            return [self.value(s["member"]["shape"], pins, "%s[%d]" % (label, i), depth + 1,
                               long and i == 0)
                    for i in range(n)]
        if t == "map":
            n = max(min(self.map_len, s.get("max", self.map_len)), s.get("min", 0))
            out = {}
            for i in range(n):
                k = self.value(s["key"]["shape"], pins, "%s-key%d" % (label, i), depth + 1,
                               long and i == 0)
                k = "%d-%s" % (i, k) if k in out else k
                out[k] = self.value(s["value"]["shape"], pins, "%s-value%d" % (label, i),
                                    depth + 1, long and i == 0)
            return out
        if t == "string":
            return self.string(shape, label, long and depth <= self.long_depth)
        if t == "integer" or t == "long":
            return self.integer(shape)
        if t in ("double", "float"):
            return 1.5e6
        if t == "boolean":
            return bool(self.tick() % 2)
        if t == "timestamp":
            return self.timestamp()
        raise ValueError("shape %s: type %s not handled" % (shape, t))

    def structure(self, shape, pins=None, depth=0, long=True):
        pins = pins or {}
        s = self.model.shape(shape)
        required = set(s.get("required", []))
        out = {}
        for member, ref in s["members"].items():
            key = "%s.%s" % (shape, member)
            if key in pins:
                v = pins[key]
                v = v(self) if callable(v) else v
                if v is not OMIT:
                    out[member] = copy.deepcopy(v)
                continue
            if self.nulls and member not in required:
                out[member] = None
                continue
            if depth >= self.max_depth and member not in required:
                continue
            out[member] = self.value(ref["shape"], pins, member, depth + 1, long)
        if not self.nulls:
            out.update(self.extras(shape, full=depth <= 1))
        return out

    def without(self, shape, keep_out, pins=None, long_depth=1):
        """A structure's value without the members `keep_out` (the ones the
        simulator's own answer decides); long strings only down to
        `long_depth` (a template merged into every item of a list)."""
        pins = dict(pins or {}, **{"%s.%s" % (shape, k): OMIT for k in keep_out})
        saved, self.long_depth = self.long_depth, long_depth
        try:
            return self.structure(shape, pins)
        finally:
            self.long_depth = saved


class Findings:
    """What validate() found: `problems` break the model; `unknown_members`
    and `unknown_enums` are allowed (clients must accept them) and listed."""

    def __init__(self):
        self.problems, self.unknown_members, self.unknown_enums = [], [], []

    def __bool__(self):
        return bool(self.problems)


def validate(model, shape, value, path="", allow_null=True, findings=None):
    """Checks `value` against `shape`: JSON types, required members, enum
    values, min/max/pattern. Returns a Findings."""
    f = findings if findings is not None else Findings()
    s = model.shape(shape)
    t = s["type"]
    where = path or shape

    def sub(name):
        return "%s.%s" % (path, name) if path else name
    if value is None:
        if not allow_null:
            f.problems.append((where, "null"))
        return f
    if t == "structure":
        if not isinstance(value, dict):
            f.problems.append((where, "expected an object"))
            return f
        for req in s.get("required", []):
            if value.get(req) is None:
                f.problems.append((sub(req), "required member missing"))
        for k, v in value.items():
            ref = s["members"].get(k)
            if ref is None:
                f.unknown_members.append(sub(k))
            else:
                validate(model, ref["shape"], v, sub(k), allow_null, f)
    elif t == "list":
        if not isinstance(value, list):
            f.problems.append((where, "expected an array"))
            return f
        if not s.get("min", 0) <= len(value) <= s.get("max", len(value)):
            f.problems.append((where, "%d items" % len(value)))
        for i, v in enumerate(value):
            validate(model, s["member"]["shape"], v, "%s[%d]" % (where, i), False, f)
    elif t == "map":
        if not isinstance(value, dict):
            f.problems.append((where, "expected an object (map)"))
            return f
        if not s.get("min", 0) <= len(value) <= s.get("max", len(value)):
            f.problems.append((where, "%d entries" % len(value)))
        for k, v in value.items():
            validate(model, s["key"]["shape"], k, "%s{key}" % where, False, f)
            validate(model, s["value"]["shape"], v, "%s[%r]" % (where, k), False, f)
    elif t == "string":
        if not isinstance(value, str):
            f.problems.append((where, "expected a string"))
        elif s.get("enum") is not None and value not in s["enum"]:
            f.unknown_enums.append((where, value))
        elif not s.get("min", 0) <= len(value) <= s.get("max", len(value)):
            f.problems.append((where, "length %d" % len(value)))
        elif s.get("pattern") and not re.match(s["pattern"], value):
            f.problems.append((where, "does not match %s" % s["pattern"]))
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            f.problems.append((where, "expected an integer"))
        elif not s.get("min", value) <= value <= s.get("max", value):
            f.problems.append((where, "%d out of range" % value))
    elif t in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            f.problems.append((where, "expected a number"))
    elif t == "boolean":
        if not isinstance(value, bool):
            f.problems.append((where, "expected a boolean"))
    elif t == "timestamp":
        # REST-JSON: epoch seconds as a JSON number
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            f.problems.append((where, "expected epoch seconds"))
    return f


# ------------------------------------------------------------------ update params
#
# What EKS puts in Update.params[].value for each UpdateParamType: a scalar as
# text, or a JSON document of the request shape the update was made with.
# Shapes are those of the model; the values of those shapes come from the
# Generator (so they carry every member of the model too).

PARAM_SHAPES = {
    "ClusterLogging": "Logging",
    "EncryptionConfig": "EncryptionConfigList",
    "IdentityProviderConfig": "OidcIdentityProviderConfigRequest",
    "ComputeConfig": "ComputeConfigRequest",
    "StorageConfig": "StorageConfigRequest",
    "KubernetesNetworkConfig": "KubernetesNetworkConfigRequest",
    "RemoteNetworkConfig": "RemoteNetworkConfigRequest",
    "UpgradePolicy": "UpgradePolicyRequest",
    "ZonalShiftConfig": "ZonalShiftConfigRequest",
    "NodeRepairConfig": "NodeRepairConfig",
    "TaintsToAdd": "taintsList",
    "TaintsToRemove": "taintsList",
    "LabelsToAdd": "labelsMap",
    "LabelsToRemove": "labelsKeyList",
    "PodIdentityAssociations": "AddonPodIdentityAssociationsList",
    "KubeApiServerConfig": "KubeApiServerConfigRequest",
    "KubeControllerManagerConfig": "KubeControllerManagerConfigRequest",
    "KubeSchedulerConfig": "KubeSchedulerConfigRequest",
    "RoleMappingsToAddOrUpdate": "ArgoCdRoleMappingList",
    "RoleMappingsToRemove": "ArgoCdRoleMappingList",
    "ActiveCertificateAuthority": "ActiveCertificateAuthority",
    "NetworkAccess": "ArgoCdNetworkAccessConfigRequest",
}


def _ids(prefix, n, width=17):
    return ["%s-%0*x" % (prefix, width, 0x0a1b2c3d4e5f6000 + i) for i in range(n)]


def param_value(gen, ptype, *, version="1.32", platform="eks.7"):
    """A realistic value for one UpdateParamType (as the text EKS returns)."""
    account = "111122223333"
    scalars = {
        "Version": version,
        "PlatformVersion": platform,
        "EndpointPrivateAccess": "true",
        "EndpointPublicAccess": "false",
        "DesiredSize": "12", "MaxSize": "450", "MinSize": "0",
        "MaxUnavailable": "3", "MaxUnavailablePercentage": "33",
        "ReleaseVersion": "%s.4-20250610" % version,
        "LaunchTemplateName": "eks-" + "lt-" * 40 + "worker-template",
        "LaunchTemplateVersion": "137",
        "AddonVersion": "v1.19.6-eksbuild.7",
        "ServiceAccountRoleArn": "arn:aws:iam::%s:role/%s" % (account, "AmazonEKS_CNI_Role" * 8),
        "RoleArn": "arn:aws:iam::%s:role/eks-capability-role" % account,
        "ResolveConflicts": "OVERWRITE",
        "NodeRepairEnabled": "true",
        "UpdateStrategy": "MINIMAL",
        "AuthenticationMode": "API_AND_CONFIG_MAP",
        "DeletionProtection": "true",
        "UpdatedTier": "tier-xl", "PreviousTier": "standard",
        "WarmPoolEnabled": "true", "WarmPoolMaxGroupPreparedCapacity": "40",
        "WarmPoolMinSize": "2", "WarmPoolState": "Stopped", "WarmPoolReuseOnScaleIn": "false",
        "CertificateAuthorityId": str(uuid.uuid5(uuid.NAMESPACE_URL, "ca")),
        "SigningStatus": "IN_USE",
        "ControlPlaneEgressMode": "CUSTOMER_ROUTED",
        "EnableCrossNamespace": "true",
    }
    if ptype in scalars:
        return scalars[ptype]
    if ptype == "PublicAccessCidrs":
        return json.dumps(["203.0.%d.%d/32" % (i // 250, i % 250) for i in range(40)])
    if ptype == "Subnets":
        return json.dumps(_ids("subnet", 16))
    if ptype == "SecurityGroups":
        return json.dumps(_ids("sg", 5))
    if ptype == "DisabledServices":
        return json.dumps(["s3", "dynamodb", "sqs", "sns", "rds", "ec2", "ecr", "iam"])
    if ptype == "TrustedCertificateAuthorities":
        return json.dumps([str(uuid.uuid5(uuid.NAMESPACE_URL, "ca%d" % i)) for i in range(6)])
    if ptype == "ConfigurationValues":
        # add-on configuration: a JSON (or YAML) document, often kilobytes
        return json.dumps({"env": {"ENABLE_PREFIX_DELEGATION": "true",
                                   "WARM_PREFIX_TARGET": "1"},
                           "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}},
                           "tolerations": [{"key": "k%d" % i, "operator": "Exists",
                                            "effect": "NoSchedule"} for i in range(60)]})
    shape = PARAM_SHAPES.get(ptype)
    if shape is not None and shape in gen.model.shapes:
        return json.dumps(gen.value(shape), ensure_ascii=False, separators=(",", ":"))
    # Not in the table (a type newer than this file): long text.
    return text("%s value: " % ptype, 3000)


# Which params each UpdateType carries (from the Update* request shapes).
TYPE_PARAMS = {
    "VersionUpdate": ["Version", "PlatformVersion"],
    "VersionRollback": ["Version", "PlatformVersion"],
    "EndpointAccessUpdate": ["EndpointPublicAccess", "EndpointPrivateAccess", "PublicAccessCidrs"],
    "LoggingUpdate": ["ClusterLogging"],
    "ConfigUpdate": ["LabelsToAdd", "LabelsToRemove", "TaintsToAdd", "TaintsToRemove",
                     "MaxSize", "MinSize", "DesiredSize", "MaxUnavailable",
                     "MaxUnavailablePercentage", "NodeRepairEnabled", "NodeRepairConfig",
                     "UpdateStrategy", "WarmPoolEnabled", "WarmPoolMaxGroupPreparedCapacity",
                     "WarmPoolMinSize", "WarmPoolState", "WarmPoolReuseOnScaleIn",
                     "LaunchTemplateName", "LaunchTemplateVersion", "ReleaseVersion"],
    "AssociateIdentityProviderConfig": ["IdentityProviderConfig"],
    "DisassociateIdentityProviderConfig": ["IdentityProviderConfig"],
    "AssociateEncryptionConfig": ["EncryptionConfig"],
    "AddonUpdate": ["AddonVersion", "ServiceAccountRoleArn", "ResolveConflicts",
                    "ConfigurationValues", "PodIdentityAssociations"],
    "VpcConfigUpdate": ["Subnets", "SecurityGroups", "EndpointPublicAccess",
                        "EndpointPrivateAccess", "PublicAccessCidrs"],
    "AccessConfigUpdate": ["AuthenticationMode"],
    "UpgradePolicyUpdate": ["UpgradePolicy"],
    "ZonalShiftConfigUpdate": ["ZonalShiftConfig"],
    "AutoModeUpdate": ["ComputeConfig", "StorageConfig", "KubernetesNetworkConfig"],
    "RemoteNetworkConfigUpdate": ["RemoteNetworkConfig"],
    "DeletionProtectionUpdate": ["DeletionProtection"],
    "VendedLogsUpdate": ["VendedLogs"],
    "ControlPlaneScalingConfigUpdate": ["UpdatedTier", "PreviousTier"],
    "CapabilityUpdate": ["RoleArn", "RoleMappingsToAddOrUpdate", "RoleMappingsToRemove",
                         "NetworkAccess", "DisabledServices", "EnableCrossNamespace"],
    "CertificateAuthorityUpdate": ["CertificateAuthorityId", "ActiveCertificateAuthority",
                                   "SigningStatus", "TrustedCertificateAuthorities"],
    "ControlPlaneComponentConfigUpdate": ["KubeApiServerConfig", "KubeControllerManagerConfig",
                                          "KubeSchedulerConfig"],
    "ControlPlaneEgressUpdate": ["ControlPlaneEgressMode"],
}


def update_history(gen, *, version="1.31", statuses=("Successful", "Failed", "Cancelled"),
                   version_status="Successful", first_id=1):
    """One update per UpdateType of the model, plus one of a type it does
    not list: realistic params (together: every UpdateParamType and an unknown
    one), the statuses in turn, and for Failed ones errors of every ErrorCode
    (and an unknown one) with long messages. The VersionUpdate and
    VersionRollback went to `version` (the cluster's) with `version_status`.
    Oldest first (createdAt ascending).
    Returns scenario `updates` entries."""
    types = gen.all_enum_values("UpdateType")
    ptypes = gen.all_enum_values("UpdateParamType")
    codes = gen.all_enum_values("ErrorCode")
    covered = {p for ps in TYPE_PARAMS.values() for p in ps}
    leftovers = [p for p in ptypes if p not in covered]
    out, code_i = [], 0
    for i, utype in enumerate(types):
        status = statuses[i % len(statuses)]
        plist = list(TYPE_PARAMS.get(utype, leftovers))
        params = [{"type": p, "value": param_value(gen, p, version=version)} for p in plist]
        if utype in ("VersionUpdate", "VersionRollback"):
            status = version_status
            # The history's version updates led to the cluster's version.
            params = [{"type": "Version", "value": version},
                      {"type": "PlatformVersion", "value": "eks.%d" % (3 + i)}]
        errors = []
        if status == "Failed":
            for _ in range(10):  # more than a client may keep
                code = codes[code_i % len(codes)]
                code_i += 1
                errors.append({
                    "errorCode": code,
                    "errorMessage": text("%s: the update of type %s failed. " % (code, utype),
                                         gen.text_lengths[code_i % len(gen.text_lengths)]),
                    "resourceIds": _ids("subnet", 6) + _ids("sg", 3) +
                    ["arn:aws:ec2:us-west-2:111122223333:instance/i-" + "0" * 300],
                    **gen.extras("ErrorDetail"),
                })
        out.append({
            "id": "%08x-0000-4000-8000-%012x" % (0xa0000000 + first_id + i, first_id + i),
            "type": utype,
            "status": status,
            "createdAt": EPOCH - 86400 * (len(types) - i) * 3 + 0.5,
            "version": version,
            "params": params,
            "errors": errors,
        })
    # Every error code is used by some Failed update, whatever the statuses.
    while code_i < len(codes):
        out[-1]["status"] = "Failed"
        out[-1]["errors"].append({"errorCode": codes[code_i],
                                  "errorMessage": text("%s: " % codes[code_i], 5000),
                                  "resourceIds": _ids("subnet", 2)})
        code_i += 1
    return out


def cancellation(gen):
    """Update.cancellation (sdk-js model), when the model has it."""
    if "Cancellation" not in gen.model.shapes:
        return {}
    return {"cancellation": gen.structure("Cancellation")}


# ------------------------------------------------------------------ scenario

def _next_minor(version):
    major, minor = version.split(".")
    return "%s.%d" % (major, int(minor) + 1)


def nodegroup_names(n):
    """Realistic names, the last one as long as EKS allows (63)."""
    names = ["ng-%02d-%s" % (i, ("general", "spot", "gpu", "arm64", "system")[i % 5])
             for i in range(n)]
    if names:
        names[-1] = ("ng-long-" + "x" * 63)[:63]
    return names


ADDON_NAMES = ("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver",
               "eks-pod-identity-agent", "amazon-cloudwatch-observability",
               "aws-guardduty-agent", "snapshot-controller", "solo-io_istio-distro",
               "adot")


def maximal_scenario(gen, *, cluster="demo", version="1.31", nodegroups=12, addons=5,
                     insights=12, insight_statuses=None,
                     history_statuses=("Successful", "Failed", "Cancelled"),
                     version_status="Successful"):
    """A simulator scenario whose every answer to the tool's operations is
    maximal and model-valid, and consistent for the tool: the cluster
    `cluster` at `version` (ACTIVE, endpoint "self" so the tool can ask the
    API server after an upgrade), `nodegroups` ACTIVE node groups at the
    cluster's version (more than a page), `addons` add-ons whose DescribeAddonVersions
    answers list the target, `insights` upgrade insights for the target with
    `insight_statuses` in turn (default: every InsightStatusValue but ERROR,
    and an unknown one), the history of update_history() (`history_statuses`
    in turn; its VersionUpdate and VersionRollback `version_status`), and the
    `responses` overrides that carry what the simulator's own answers lack.
    Enum values the scenario does not decide come in turn from `gen`: six
    scenarios from one Generator hand out every value of every such enum."""
    target = _next_minor(version)
    account, region = "111122223333", "us-west-2"

    c = gen.structure("Cluster", {
        "Cluster.name": cluster,
        "Cluster.version": version,
        "Cluster.status": "ACTIVE",
        "Cluster.endpoint": "self",  # the simulator's API server, with its CA
        "Cluster.arn": "arn:aws:eks:%s:%s:cluster/%s" % (region, account, cluster),
    })
    ng_names = nodegroup_names(nodegroups)
    c["nodegroups"] = [gen.structure("Nodegroup", {
        "Nodegroup.nodegroupName": name,
        "Nodegroup.clusterName": cluster,
        "Nodegroup.version": version,
        "Nodegroup.status": "ACTIVE",  # decided on: one not ACTIVE is a warn
        "Nodegroup.nodegroupArn": "arn:aws:eks:%s:%s:nodegroup/%s/%s/%s" % (
            region, account, cluster, name, uuid.uuid5(uuid.NAMESPACE_DNS, name)),
    }) for name in ng_names]
    ad_names = list(ADDON_NAMES[:addons])
    versions = {name: "v1.%d.%d-eksbuild.%d" % (10 + i, i, 1 + i) for i, name in
                enumerate(ad_names)}
    c["addons"] = [gen.structure("Addon", {
        "Addon.addonName": name,
        "Addon.clusterName": cluster,
        "Addon.addonVersion": versions[name],
    }) for name in ad_names]
    if insight_statuses is None:
        insight_statuses = [v for v in gen.all_enum_values("InsightStatusValue")
                            if v != "ERROR"]
    c["insights"] = []
    for i in range(insights):
        status = insight_statuses[i % len(insight_statuses)]
        c["insights"].append(gen.structure("Insight", {
            "Insight.id": str(uuid.uuid5(uuid.NAMESPACE_URL, "insight-%d" % i)),
            "Insight.category": "UPGRADE_READINESS",
            "Insight.kubernetesVersion": target,
            "Insight.insightStatus": gen.structure("InsightStatus",
                                                   {"InsightStatus.status": status}, depth=1),
        }))
    c["updates"] = update_history(gen, version=version, statuses=history_statuses,
                                  version_status=version_status)

    def under(where, body=None):
        out = gen.extras(where)
        out.update(body or {})
        return {"under": out}

    # DescribeAddonVersions: one answer per add-on (the tool asks with
    # addonName and kubernetesVersion = the target).
    addon_versions = []
    for i, name in enumerate(ad_names):
        compat_versions = ["1.%d" % m for m in range(int(version.split(".")[1]) - 3,
                                                     int(target.split(".")[1]) + 2)]
        vers = []
        for j in range(4):
            av = versions[name] if j == 1 else "v1.%d.%d-eksbuild.%d" % (10 + i, j + 5, j)
            compatible = compat_versions if (i % 2 == 0 or j != 1) else compat_versions[:3]
            vers.append(gen.structure("AddonVersionInfo", {
                "AddonVersionInfo.addonVersion": av,
                "AddonVersionInfo.compatibilities": [
                    gen.structure("Compatibility", {
                        "Compatibility.clusterVersion": cv,
                        "Compatibility.defaultVersion": j == 0,
                    }, depth=3, long=k == 0) for k, cv in enumerate(compatible)],
            }, depth=2, long=j == 0))
        info = gen.structure("AddonInfo", {"AddonInfo.addonName": name,
                                           "AddonInfo.addonVersions": vers})
        body = {"addons": [info], **gen.extras("DescribeAddonVersionsResponse")}
        addon_versions.append({"match": {"addonName": name}, "body": body})

    version_keep = ("clusterVersion", "clusterType", "defaultVersion", "releaseDate",
                    "endOfStandardSupportDate", "endOfExtendedSupportDate", "status",
                    "versionStatus")
    refresh = gen.structure("DescribeInsightsRefreshResponse",
                            {"DescribeInsightsRefreshResponse.status": "IN_PROGRESS"})
    refresh_done = dict(refresh, status="COMPLETED")
    responses = {
        "DescribeCluster": under("DescribeClusterResponse"),
        "ListUpdates": under("ListUpdatesResponse"),
        "DescribeUpdate": under("DescribeUpdateResponse",
                                {"update": dict(cancellation(gen), **gen.extras("Update"))}),
        "UpdateClusterVersion": under("UpdateClusterVersionResponse",
                                      {"update": dict(cancellation(gen),
                                                      **gen.extras("Update"))}),
        "ListNodegroups": under("ListNodegroupsResponse"),
        "DescribeNodegroup": under("DescribeNodegroupResponse"),
        "ListAddons": under("ListAddonsResponse"),
        "DescribeAddon": under("DescribeAddonResponse"),
        "DescribeAddonVersions": addon_versions,
        "ListInsights": under("ListInsightsResponse",
                              {"insights": {"*": gen.extras("InsightSummary")}}),
        "DescribeInsight": under("DescribeInsightResponse"),
        "DescribeClusterVersions": [
            dict(under("DescribeClusterVersionsResponse"),
                 over={"clusterVersions": {"*": gen.without("ClusterVersionInformation",
                                                            version_keep)}})],
        "StartInsightsRefresh": {"body": gen.structure(
            "StartInsightsRefreshResponse",
            {"StartInsightsRefreshResponse.status": "IN_PROGRESS"})},
        "DescribeInsightsRefresh": [{"count": 2, "body": refresh}, {"body": refresh_done}],
    }
    assert set(responses) == set(TOOL_OPERATIONS)
    return {
        "description": "Generated by tests/sim/modelgen.py from ../shared/aws-models",
        "region": region,
        "account": account,
        "cluster": c,
        "update": {"duration_seconds": 1},
        "responses": responses,
    }


def coverage(gen, model=None):
    """Per enum shape handed out: (values in the model, values used, unknown used)."""
    model = model or gen.model
    out = {}
    for shape, used in gen.used.items():
        values = model.enum(shape)
        out[shape] = (len(values), len(set(values) & used), len(used - set(values)))
    return out
