"""Simulator state: the scenario, the server clock, the credential store.

Everything that the EKS, STS and metadata handlers share lives here, behind
one re-entrant lock (`State.lock`).  Handlers take the lock for the short time
they read or change state; sleeps (latency, faults) happen outside it.
"""

import base64
import copy
import datetime
import json
import os
import random
import secrets
import string
import threading
import time
import uuid

import sso

DEFAULT_REGION = "us-west-2"
DEFAULT_ACCOUNT = "111122223333"
DEFAULT_PAGE_SIZE = 10
DEFAULT_SESSION_SECONDS = 3600
CATALOG_AS_OF = "2025-10-15"

# EKS release calendar (UTC), from shared/aws-models/README.md section 6.
# version: (EKS release, end of standard support, end of extended support, patch)
CALENDAR = {
    "1.23": ("2022-08-11", "2023-10-11", "2024-10-11", "1.23.17"),
    "1.24": ("2022-11-15", "2024-01-31", "2025-01-31", "1.24.17"),
    "1.25": ("2023-02-22", "2024-05-01", "2025-05-01", "1.25.16"),
    "1.26": ("2023-04-11", "2024-06-11", "2025-06-11", "1.26.15"),
    "1.27": ("2023-05-24", "2024-07-24", "2025-07-24", "1.27.16"),
    "1.28": ("2023-09-26", "2024-11-26", "2025-11-26", "1.28.15"),
    "1.29": ("2024-01-23", "2025-03-23", "2026-03-23", "1.29.15"),
    "1.30": ("2024-05-23", "2025-07-23", "2026-07-23", "1.30.14"),
    "1.31": ("2024-09-26", "2025-11-26", "2026-11-26", "1.31.13"),
    "1.32": ("2025-01-23", "2026-03-23", "2027-03-23", "1.32.9"),
    "1.33": ("2025-05-29", "2026-07-29", "2027-07-29", "1.33.5"),
    "1.34": ("2025-10-02", "2026-12-02", "2027-12-02", "1.34.1"),
    "1.35": ("2026-01-27", "2027-03-27", "2028-03-27", "1.35.0"),
}

SIM_KEYS = {
    "region", "account", "clock_offset_seconds", "latency_ms", "page_size",
    "catalog_as_of", "catalog_shift", "cluster_versions", "credentials", "clusters", "cluster",
    "addon_versions", "update", "faults", "error_type_suffix", "description", "apiserver",
    "insights_refresh",
}


class ScenarioError(Exception):
    pass


def parse_time(value, default=None):
    """Scenario timestamps: epoch seconds (number) or ISO-8601 text."""
    if value is None:
        return default
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ScenarioError("bad timestamp %r" % value) from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def iso8601(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def version_tuple(version):
    try:
        major, minor = str(version).split(".", 1)
        return int(major), int(minor)
    except (ValueError, AttributeError):
        return None


def next_minor(version):
    vt = version_tuple(version)
    return None if vt is None else "%d.%d" % (vt[0], vt[1] + 1)


def random_id(prefix, length=20):
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(random.SystemRandom().choice(alphabet)
                            for _ in range(length - len(prefix)))


class Credential:
    """One access key known to the simulator."""

    def __init__(self, access_key_id, secret, arn, user_id, account,
                 session_token=None, expiration=None, source="static"):
        self.access_key_id = access_key_id
        self.secret = secret
        self.arn = arn
        self.user_id = user_id
        self.account = account
        self.session_token = session_token
        self.expiration = expiration  # server-clock epoch, or None
        self.source = source


class State:
    def __init__(self, scenario):
        self.lock = threading.RLock()
        self.salt = secrets.token_hex(4)
        self.started = time.monotonic()
        self.raw = copy.deepcopy(scenario)
        unknown = set(scenario) - SIM_KEYS
        if unknown:
            raise ScenarioError("unknown scenario keys: %s" % ", ".join(sorted(unknown)))
        self.region = scenario.get("region", DEFAULT_REGION)
        self.account = str(scenario.get("account", DEFAULT_ACCOUNT))
        self.clock_offset = float(scenario.get("clock_offset_seconds", 0))
        self.latency_ms = float(scenario.get("latency_ms", 0))
        self.page_size = int(scenario.get("page_size", DEFAULT_PAGE_SIZE))
        self.error_type_suffix = bool(scenario.get("error_type_suffix", True))
        self.update_cfg = dict(scenario.get("update") or {})
        # StartInsightsRefresh: {"seconds": 1, "outcome": "COMPLETED" | "FAILED"}
        self.insights_refresh_cfg = dict(scenario.get("insights_refresh") or {})
        self.accepted_updates = 0  # UpdateClusterVersion calls that started an update
        self.faults = []
        self.set_faults(scenario.get("faults") or [])
        self.creds = {}
        self._load_credentials(scenario.get("credentials") or {})
        self.catalog = self._build_catalog(scenario)
        self.addon_catalog = self.build_addon_catalog(scenario.get("addon_versions") or [])
        self.clusters = {}
        clusters = list(scenario.get("clusters") or [])
        if scenario.get("cluster"):
            clusters.insert(0, scenario["cluster"])
        for c in clusters:
            cl = self._build_cluster(c)
            self.clusters[cl["name"]] = cl
        self.imds_tokens = {}
        self.apiserver_cfg = dict(scenario.get("apiserver") or {})
        self.apiserver_tokens = set()  # bearer tokens the API server received

    # ------------------------------------------------------------ clock
    def now(self):
        """Server wall clock (offset by the scenario's clock_offset_seconds)."""
        return time.time() + self.clock_offset

    # ------------------------------------------------------------ faults
    def set_faults(self, faults):
        with self.lock:
            self.faults = []
            for f in faults:
                if "kind" not in f:
                    raise ScenarioError("fault without kind: %r" % (f,))
                entry = dict(f)
                entry.setdefault("operation", "*")
                entry.setdefault("count", 1)
                entry.setdefault("after", 0)
                entry["_seen"] = 0
                self.faults.append(entry)

    def pick_fault(self, service, operation):
        """Count this call against every matching fault; return the first that fires."""
        chosen = None
        with self.lock:
            for f in self.faults:
                ops = f["operation"]
                ops = ops if isinstance(ops, list) else [ops]
                if "*" not in ops and operation not in ops:
                    continue
                if f.get("service") and f["service"] != service:
                    continue
                idx = f["_seen"]
                f["_seen"] += 1
                count = f["count"]
                if idx < f["after"]:
                    continue
                if count is not None and count >= 0 and idx >= f["after"] + count:
                    continue
                if chosen is None:
                    chosen = f
        return chosen

    # ------------------------------------------------------------ credentials
    def _load_credentials(self, cfg):
        self.cred_cfg = cfg
        statics = cfg.get("static")
        if statics is None:
            statics = [{
                "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "arn": "arn:aws:iam::%s:user/demo" % self.account,
            }]
        for s in statics:
            arn = s.get("arn", "arn:aws:iam::%s:user/demo" % self.account)
            user_id = s.get("userId", "AIDA" + s["accessKeyId"][4:20].ljust(17, "X"))
            cred = Credential(s["accessKeyId"], s["secretAccessKey"], arn, user_id,
                              arn.split(":")[4] or self.account,
                              session_token=s.get("sessionToken"),
                              expiration=parse_time(s.get("expiration")), source="static")
            self.creds[cred.access_key_id] = cred
        self.static_env = statics[0] if statics else None
        self.session_lifetime = cfg.get("session_lifetime_seconds")
        self.web_identity = cfg.get("web_identity") or {}
        self.assume_role_cfg = cfg.get("assume_role") or {}
        self.imds_cfg = cfg.get("imds", {}) or {}
        self.container_cfg = cfg.get("container", {}) or {}
        self.sso = sso.SsoState(cfg.get("sso"), self.account)

    def issue_session(self, role_arn, session_name, lifetime, source, prefix="ASIA"):
        """Create temporary credentials for ROLE/SESSION valid `lifetime` seconds."""
        parts = role_arn.split(":")
        account = parts[4] if len(parts) > 5 and parts[4] else self.account
        role_name = parts[5].split("/")[-1] if len(parts) > 5 else "role"
        role_id = "AROA" + (abs(hash(role_arn)) % 10**16).__str__().rjust(17, "0")
        cred = Credential(
            random_id(prefix), secrets.token_urlsafe(30)[:40],
            "arn:aws:sts::%s:assumed-role/%s/%s" % (account, role_name, session_name),
            "%s:%s" % (role_id, session_name), account,
            session_token="IQoJb3JpZ2luX2VjE" + secrets.token_urlsafe(96),
            expiration=self.now() + lifetime, source=source)
        with self.lock:
            self.creds[cred.access_key_id] = cred
        return cred

    def lookup(self, access_key_id):
        with self.lock:
            return self.creds.get(access_key_id)

    def cached_session(self, key, role_arn, session_name, lifetime, source):
        """Metadata services hand out the same credentials until they get old."""
        with self.lock:
            cur = getattr(self, "_cache_" + key, None)
            if cur is not None:
                left = cur.expiration - self.now()
                if left > min(300.0, lifetime / 2.0):
                    return cur
            cur = self.issue_session(role_arn, session_name, lifetime, source)
            setattr(self, "_cache_" + key, cur)
            return cur

    # ------------------------------------------------------------ catalog
    def _build_catalog(self, scenario):
        as_of = parse_time(scenario.get("catalog_as_of", CATALOG_AS_OF))
        # Statuses are those of `as_of`; by default the dates move by whole days so that
        # they agree with them on the server clock (e.g. "standard support ends in 42 days").
        shift = 0.0
        if scenario.get("catalog_shift", True):
            shift = (self.now() - as_of) // 86400 * 86400
        overrides = scenario.get("cluster_versions") or {}
        entries = {}
        for ver, (rel, std, ext, patch) in CALENDAR.items():
            rel_t, std_t, ext_t = parse_time(rel), parse_time(std), parse_time(ext)
            if rel_t > as_of:
                continue
            if as_of < std_t:
                status = "STANDARD_SUPPORT"
            elif as_of < ext_t:
                status = "EXTENDED_SUPPORT"
            else:
                status = "UNSUPPORTED"
            entries[ver] = {
                "clusterVersion": ver, "clusterType": "eks",
                "defaultPlatformVersion": "eks.%d" % (version_tuple(ver)[1] - 20),
                "defaultVersion": False,
                "releaseDate": rel_t + shift, "endOfStandardSupportDate": std_t + shift,
                "endOfExtendedSupportDate": ext_t + shift,
                "status": status.lower().replace("_", "-"),
                "versionStatus": status, "kubernetesPatchVersion": patch,
            }
        offered = [v for v in entries if entries[v]["versionStatus"] != "UNSUPPORTED"]
        offered.sort(key=version_tuple)
        if len(offered) >= 2:
            entries[offered[-2]]["defaultVersion"] = True
        for ver, patch in overrides.items():
            if patch is None:
                entries.pop(ver, None)
                continue
            base = entries.setdefault(ver, {
                "clusterVersion": ver, "clusterType": "eks",
                "defaultPlatformVersion": "eks.1", "defaultVersion": False,
                "versionStatus": "STANDARD_SUPPORT", "status": "standard-support",
            })
            for k, v in patch.items():
                if k.endswith("Date"):
                    v = parse_time(v)
                base[k] = v
                if k == "versionStatus" and "status" not in patch:
                    base["status"] = str(v).lower().replace("_", "-")
        return entries

    def offered(self, version):
        e = self.catalog.get(version)
        return e is not None and e.get("versionStatus") != "UNSUPPORTED"

    def build_addon_catalog(self, addons):
        out = []
        for a in addons:
            versions = []
            for v in a.get("versions", []):
                comp = [{"clusterVersion": cv, "platformVersions": ["*"],
                         "defaultVersion": cv in v.get("defaultFor", [])}
                        for cv in v.get("clusterVersions", [])]
                versions.append({
                    "addonVersion": v["addonVersion"],
                    "architecture": v.get("architecture", ["amd64", "arm64"]),
                    "computeTypes": v.get("computeTypes", ["ec2"]),
                    "compatibilities": comp,
                    "requiresConfiguration": v.get("requiresConfiguration", False),
                    "requiresIamPermissions": v.get("requiresIamPermissions", False),
                })
            out.append({
                "addonName": a["addonName"], "type": a.get("type", "networking"),
                "addonVersions": versions, "publisher": a.get("publisher", "eks"),
                "owner": a.get("owner", "aws"), "marketplaceInformation": None,
                "defaultNamespace": a.get("defaultNamespace", "kube-system"),
            })
        return out

    # ------------------------------------------------------------ clusters
    def _build_cluster(self, c):
        if "name" not in c or "version" not in c:
            raise ScenarioError("a cluster needs name and version")
        name = c["name"]
        now = time.time()
        arn = "arn:aws:eks:%s:%s:cluster/%s" % (self.region, self.account, name)
        known = {"nodegroups", "addons", "insights", "updates", "fargateProfiles",
                 "check_nodegroups", "nodegroup_refusal_code", "nodegroups_follow_cluster",
                 "status_lag_seconds",
                 "active_lag_seconds", "nodes", "podDisruptionBudgets"}
        shape = {k: v for k, v in c.items() if k not in known}
        cluster = {
            "name": name, "arn": arn,
            "createdAt": parse_time(c.get("createdAt"), now - 400 * 86400),
            "version": c["version"],
            "endpoint": "https://%s.gr7.%s.eks.amazonaws.com" % (
                uuid.uuid5(uuid.NAMESPACE_DNS, name).hex[:32].upper(), self.region),
            "roleArn": "arn:aws:iam::%s:role/eks-cluster-role" % self.account,
            "resourcesVpcConfig": {
                "subnetIds": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                "securityGroupIds": [], "clusterSecurityGroupId": "sg-0a1b2c3d4e5f60003",
                "vpcId": "vpc-0a1b2c3d4e5f60004", "endpointPublicAccess": True,
                "endpointPrivateAccess": True, "publicAccessCidrs": ["0.0.0.0/0"],
            },
            "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16",
                                        "ipFamily": "ipv4",
                                        "elasticLoadBalancing": {"enabled": False}},
            "logging": {"clusterLogging": [{"types": ["api", "audit"], "enabled": False}]},
            "identity": {"oidc": {"issuer": "https://oidc.eks.%s.amazonaws.com/id/%s" % (
                self.region, uuid.uuid5(uuid.NAMESPACE_URL, name).hex.upper())}},
            "status": "ACTIVE",
            "certificateAuthority": {"data": base64.b64encode(
                b"-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n").decode()},
            "platformVersion": "eks.10",
            "tags": {},
            "health": {"issues": []},
            "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"},
            "upgradePolicy": {"supportType": "EXTENDED"},
            "id": str(uuid.uuid5(uuid.NAMESPACE_OID, arn)),
        }
        cluster.update(shape)
        cluster["createdAt"] = parse_time(cluster.get("createdAt"))
        sim = {
            "cluster": cluster,
            "name": name,
            # "skew": today's rule (default); "match": the API reference's older
            # rule (node groups must match); false: no check.
            "check_nodegroups": {True: "skew"}.get(c.get("check_nodegroups", "skew"),
                                                   c.get("check_nodegroups", "skew")),
            # The code of EKS's "Nodegroups ... must be updated" refusal: AWS
            # documents the message, not the code.
            "nodegroup_refusal_code": c.get("nodegroup_refusal_code",
                                            "InvalidParameterException"),
            "nodegroups_follow_cluster": c.get("nodegroups_follow_cluster", False),
            "status_lag_seconds": float(c.get("status_lag_seconds", 0)),
            "active_lag_seconds": float(c.get("active_lag_seconds", 0)),
            "nodegroups": {},
            "addons": {},
            "insights": {},
            "fargate": [],
            "updates": [],  # oldest first
            "tokens": {},  # clientRequestToken -> update id
            "nodes_spec": list(c.get("nodes") or []),  # apiserver.py: nodes beyond node groups
            "pdbs": list(c.get("podDisruptionBudgets") or []),
        }
        for ng in c.get("nodegroups", []):
            n = self.build_nodegroup(cluster, ng)
            sim["nodegroups"][n["nodegroupName"]] = n
        for ad in c.get("addons", []):
            a = self.build_addon(cluster, ad)
            sim["addons"][a["addonName"]] = a
        for ins in c.get("insights", []):
            i = self.build_insight(cluster, ins)
            sim["insights"][i["id"]] = i
        for fp in c.get("fargateProfiles", []):
            sim["fargate"].append(fp if isinstance(fp, str) else fp["fargateProfileName"])
        for up in c.get("updates", []):
            sim["updates"].append(self.build_seed_update(sim, up))
        return sim

    def build_nodegroup(self, cluster, ng):
        if isinstance(ng, str):
            ng = {"nodegroupName": ng}
        name = ng["nodegroupName"]
        version = ng.get("version", cluster["version"])
        now = time.time()
        n = {
            "nodegroupName": name,
            "nodegroupArn": "arn:aws:eks:%s:%s:nodegroup/%s/%s/%s" % (
                self.region, self.account, cluster["name"], name,
                uuid.uuid5(uuid.NAMESPACE_DNS, cluster["name"] + "/" + name)),
            "clusterName": cluster["name"],
            "version": version,
            "releaseVersion": "%s.%d-20250101" % (version, 1),
            "createdAt": now - 200 * 86400,
            "modifiedAt": now - 20 * 86400,
            "status": "ACTIVE",
            "capacityType": "ON_DEMAND",
            "scalingConfig": {"minSize": 1, "maxSize": 4, "desiredSize": 2},
            "instanceTypes": ["m5.large"],
            "subnets": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            "amiType": "AL2023_x86_64_STANDARD",
            "nodeRole": "arn:aws:iam::%s:role/eks-node-role" % self.account,
            "labels": {}, "taints": [],
            "resources": {"autoScalingGroups": [{"name": "eks-%s-asg" % name}]},
            "diskSize": 20,
            "health": {"issues": []},
            "updateConfig": {"maxUnavailable": 1},
            "tags": {},
        }
        n.update(ng)
        for k in ("createdAt", "modifiedAt"):
            n[k] = parse_time(n[k])
        return n

    def build_addon(self, cluster, ad):
        if isinstance(ad, str):
            ad = {"addonName": ad}
        now = time.time()
        a = {
            "addonName": ad["addonName"],
            "clusterName": cluster["name"],
            "status": "ACTIVE",
            "addonVersion": "v1.0.0-eksbuild.1",
            "health": {"issues": []},
            "addonArn": "arn:aws:eks:%s:%s:addon/%s/%s/%s" % (
                self.region, self.account, cluster["name"], ad["addonName"],
                uuid.uuid5(uuid.NAMESPACE_DNS, ad["addonName"])),
            "createdAt": now - 200 * 86400,
            "modifiedAt": now - 20 * 86400,
            "tags": {},
        }
        a.update(ad)
        for k in ("createdAt", "modifiedAt"):
            a[k] = parse_time(a[k])
        return a

    def build_insight(self, cluster, ins):
        now = time.time()
        i = {
            "id": ins.get("id") or str(uuid.uuid4()),
            "name": ins.get("name", "Kubernetes version skew"),
            "category": ins.get("category", "UPGRADE_READINESS"),
            "kubernetesVersion": ins.get("kubernetesVersion", next_minor(cluster["version"])),
            "lastRefreshTime": now - 3600,
            "lastTransitionTime": now - 86400,
            "description": ins.get("description", "Checks for an upgrade readiness issue."),
            "insightStatus": {"status": "PASSING", "reason": "No issue detected."},
            "recommendation": "No action required.",
            "additionalInfo": {},
            "resources": [],
            "categorySpecificSummary": {"deprecationDetails": [],
                                        "addonCompatibilityDetails": []},
        }
        for k, v in ins.items():
            if k == "status":
                i["insightStatus"]["status"] = v
            elif k == "reason":
                i["insightStatus"]["reason"] = v
            else:
                i[k] = v
        for k in ("lastRefreshTime", "lastTransitionTime"):
            i[k] = parse_time(i[k])
        # Timestamps go on the wire as epoch seconds (rest-json), however the
        # scenario writes them.
        summary = i.get("categorySpecificSummary") or {}
        for dep in summary.get("deprecationDetails") or []:
            for cs in dep.get("clientStats") or []:
                if isinstance(cs, dict) and isinstance(cs.get("lastRequestTime"), str):
                    cs["lastRequestTime"] = parse_time(cs["lastRequestTime"])
        return i

    def build_seed_update(self, sim, up):
        now = time.time()
        upd = {
            "id": up.get("id") or str(uuid.uuid4()),
            "type": up.get("type", "VersionUpdate"),
            "status": up.get("status", "Successful"),
            # createdAgoSeconds: relative to the server clock (the 7-day rollback window).
            "createdAt": (self.now() - float(up["createdAgoSeconds"]) if "createdAgoSeconds" in up
                          else parse_time(up.get("createdAt"), now - 30 * 86400)),
            "params": up.get("params"),
            "errors": up.get("errors", []),
        }
        version = up.get("version", next_minor(sim["cluster"]["version"]))
        if upd["params"] is None:
            upd["params"] = []
            if upd["type"] in ("VersionUpdate", "VersionRollback"):
                upd["params"] = [{"type": "Version", "value": version},
                                 {"type": "PlatformVersion",
                                  "value": up.get("platformVersion", "eks.1")}]
        sim_meta = {"from": sim["cluster"]["version"], "to": version,
                    "platform": up.get("platformVersion", "eks.1"), "token": None,
                    "applied": upd["status"] != "InProgress"}
        if upd["status"] == "InProgress":
            sim_meta["started_m"] = time.monotonic()
            remaining = up.get("remaining_seconds", self.update_cfg.get("duration_seconds", 3))
            sim_meta["ends"] = None if remaining is None else time.monotonic() + float(remaining)
            sim_meta["outcome"] = up.get("outcome", "Successful")
            sim_meta["outcome_errors"] = up.get("outcome_errors", [])
        upd["_sim"] = sim_meta
        return upd

    # ------------------------------------------------------------ pagination
    def make_token(self, scope, offset):
        raw = json.dumps({"o": offset, "s": self.salt, "k": scope}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=") + "=="

    def read_token(self, scope, token):
        """Offset for a token we issued for this listing, or None when invalid."""
        try:
            raw = base64.urlsafe_b64decode(token.rstrip("=") + "==")
            data = json.loads(raw)
            if data.get("s") != self.salt or data.get("k") != scope:
                return None
            off = int(data["o"])
            return off if off >= 0 else None
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def deep_merge(base, patch):
    """Dicts merge recursively; anything else in `patch` replaces what `base` had."""
    out = copy.deepcopy(base)
    for k, v in patch.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def load_scenario(path_or_dict, base_dir=None):
    """A scenario from a file or dict, with `"extends": "other.json"` resolved
    (relative to the extending file, or to base_dir for dicts)."""
    if isinstance(path_or_dict, dict):
        data = copy.deepcopy(path_or_dict)
    else:
        with open(path_or_dict, encoding="utf-8") as f:
            data = json.load(f)
        base_dir = os.path.dirname(os.path.abspath(path_or_dict))
    parent = data.pop("extends", None)
    if parent:
        if base_dir is None:
            base_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
        data = deep_merge(load_scenario(os.path.join(base_dir, parent)), data)
    return data
