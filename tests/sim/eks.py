"""Amazon EKS, REST-JSON protocol (shared/aws-models/eks-2017-11-01.service-2.json)."""

import json
import time
import uuid

import sigcheck
from store import next_minor, version_tuple
from wire import Response, ServiceError

CORAL_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.eks/"

# (method, path pattern) -> operation.  "{x}" matches one path segment.
ROUTES = [
    ("GET", ("clusters",), "ListClusters"),
    ("GET", ("clusters", "{name}"), "DescribeCluster"),
    ("GET", ("clusters", "{name}", "updates"), "ListUpdates"),
    ("POST", ("clusters", "{name}", "updates"), "UpdateClusterVersion"),
    ("GET", ("clusters", "{name}", "updates", "{updateId}"), "DescribeUpdate"),
    ("GET", ("clusters", "{name}", "node-groups"), "ListNodegroups"),
    ("GET", ("clusters", "{name}", "node-groups", "{nodegroupName}"), "DescribeNodegroup"),
    ("GET", ("clusters", "{name}", "addons"), "ListAddons"),
    ("GET", ("clusters", "{name}", "addons", "{addonName}"), "DescribeAddon"),
    ("POST", ("clusters", "{name}", "addons", "{addonName}", "update"), "UpdateAddon"),
    ("POST", ("clusters", "{name}", "node-groups", "{nodegroupName}", "update-version"),
     "UpdateNodegroupVersion"),
    ("GET", ("addons", "supported-versions"), "DescribeAddonVersions"),
    ("POST", ("clusters", "{name}", "insights"), "ListInsights"),
    ("GET", ("clusters", "{name}", "insights", "{id}"), "DescribeInsight"),
    ("GET", ("cluster-versions",), "DescribeClusterVersions"),
    ("POST", ("clusters", "{name}", "insights-refresh"), "StartInsightsRefresh"),
    ("GET", ("clusters", "{name}", "insights-refresh"), "DescribeInsightsRefresh"),
    ("GET", ("clusters", "{name}", "fargate-profiles"), "ListFargateProfiles"),
]

AUTH_ERRORS = {
    sigcheck.MISSING: (403, "MissingAuthenticationTokenException"),
    sigcheck.INCOMPLETE: (403, "IncompleteSignatureException"),
    sigcheck.UNKNOWN_KEY: (403, "UnrecognizedClientException"),
    sigcheck.BAD_TOKEN: (403, "UnrecognizedClientException"),
    sigcheck.EXPIRED_TOKEN: (403, "ExpiredTokenException"),
    sigcheck.SKEWED: (403, "InvalidSignatureException"),
    sigcheck.BAD_SCOPE: (403, "InvalidSignatureException"),
    sigcheck.MISMATCH: (403, "InvalidSignatureException"),
}

FAULT_ERRORS = {
    "throttle": (429, "ThrottlingException", "Rate exceeded"),
    "http500": (500, "ServerException", "An internal error occurred. Try again later."),
    "http503": (503, "ServiceUnavailableException",
                "The service is unavailable. Try again later."),
}


def route(req):
    segs = req.segments
    if segs and segs[-1] == "" and len(segs) > 1:
        segs = segs[:-1]
    for method, pattern, op in ROUTES:
        if method != req.method or len(pattern) != len(segs):
            continue
        args = {}
        for p, s in zip(pattern, segs):
            if p.startswith("{"):
                if not s:
                    break
                args[p[1:-1]] = s
            elif p != s:
                break
        else:
            req.route_args = args
            return op
    return None


def error_response(state, status, code, message, request_id, **members):
    body = {"message": message}
    body.update(members)
    etype = code + (CORAL_SUFFIX if state.error_type_suffix else "")
    resp = Response(status, body, [("x-amzn-ErrorType", etype)])
    resp.error_code = code
    return resp


def auth_error(state, req, verdict):
    status, code = AUTH_ERRORS[verdict.kind]
    msg = verdict.detail()
    return error_response(state, status, code, msg, req.request_id)


def fault_error(state, req, kind, fault):
    if kind == "deny":
        caller = req.caller.arn if req.caller else "anonymous"
        name = req.route_args.get("name")
        resource = ("arn:aws:eks:%s:%s:cluster/%s" % (state.region, state.account, name)
                    if name else "*")
        msg = ("User: %s is not authorized to perform: eks:%s on resource: %s"
               % (caller, req.operation, resource))
        return error_response(state, 403, "AccessDeniedException", msg, req.request_id)
    if kind == "in_use":
        # EKS answers UpdateClusterVersion 409 while another update holds the
        # cluster, sometimes one ListUpdates no longer shows as running
        # (containers-roadmap #2677). "update_id": the id its message names
        # (none: a message without an id).
        name = req.route_args.get("name", "?")
        uid = fault.get("update_id")
        msg = fault.get("message") or (
            "Cannot VersionUpdate because cluster %s currently has update %s in progress"
            % (name, uid) if uid else
            "Cannot VersionUpdate because cluster %s currently has an update in progress"
            % name)
        return error_response(state, 409, "ResourceInUseException", msg, req.request_id,
                              clusterName=name)
    status, code, msg = FAULT_ERRORS[kind]
    return error_response(state, status, code, fault.get("message", msg), req.request_id)


def unknown_operation(state, req):
    return error_response(state, 404, "UnknownOperationException",
                          "Unknown operation %s %s" % (req.method, req.raw_path),
                          req.request_id)


def handle(state, req):
    try:
        fn = HANDLERS[req.operation]
        with state.lock:
            for sim in state.clusters.values():
                _advance(state, sim)
                _advance_subjects(sim)
            body = fn(state, req)
        return Response(200, body)
    except ServiceError as e:
        return error_response(state, e.status, e.code, e.message, req.request_id, **e.members)


# ---------------------------------------------------------------- helpers

def _cluster(state, req):
    name = req.route_args["name"]
    sim = state.clusters.get(name)
    if sim is None:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No cluster found for name: %s." % name, clusterName=name)
    return sim


def _json_body(req):
    if not req.body:
        return {}
    try:
        data = json.loads(req.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ServiceError(400, "SerializationException",
                           "Unable to parse the request body as JSON") from None
    if not isinstance(data, dict):
        raise ServiceError(400, "SerializationException", "Expected a JSON object")
    return data


def _max_results(value):
    if value is None:
        return 100
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = None
    if isinstance(value, bool) or n is None or not 1 <= n <= 100:
        raise ServiceError(400, "InvalidParameterException",
                           "maxResults must be an integer between 1 and 100; got %s" % value)
    return n


def _paginate(state, scope, items, max_results, token):
    """One page of `items`, honouring maxResults but capped at the scenario page size."""
    offset = 0
    if token not in (None, ""):
        offset = state.read_token(scope, token)
        if offset is None:
            raise ServiceError(400, "InvalidParameterException",
                               "The nextToken provided is invalid.")
    size = max(1, min(max_results, state.page_size))
    page = items[offset:offset + size]
    nxt = state.make_token(scope, offset + size) if offset + size < len(items) else None
    return page, nxt


def _bool_query(req, name):
    v = req.query(name)
    if v is None:
        return None
    if v not in ("true", "false"):
        raise ServiceError(400, "InvalidParameterException",
                           "%s must be true or false; got %s" % (name, v))
    return v == "true"


def _update_version(update):
    for p in update["params"]:
        if p["type"] == "Version":
            return p["value"]
    return None


def _public_update(update):
    return {k: v for k, v in update.items() if not k.startswith("_")}


def skew_allowed(kubelet, control_plane):
    k, t = version_tuple(kubelet), version_tuple(control_plane)
    if k is None or t is None or k[0] != t[0] or k[1] > t[1]:
        return False
    return t[1] - k[1] <= (2 if k[1] <= 24 else 3)


def _subject_updates(sim, kind, name):
    """Add-on and node group updates, apart from the cluster's own (as EKS
    lists them: ListUpdates/DescribeUpdate with addonName or nodegroupName)."""
    return sim.setdefault("subject_updates", {}).setdefault("%s/%s" % (kind, name), [])


def _start_subject_update(state, sim, req, kind, name, to, token, params):
    """One add-on or node group update; its outcome and duration from the
    scenario's update settings: "addons"/"nodegroups": {NAME: {"status",
    "duration_seconds", "errors"}}."""
    ups = _subject_updates(sim, kind, name)
    if token:
        for u in ups:
            if u["_sim"]["token"] == token:
                req.log["idempotentReplay"] = True
                return {"update": _public_update(u)}
    if any(u["status"] == "InProgress" for u in ups):
        raise ServiceError(409, "ResourceInUseException",
                           "%s %s has an update in progress" % (
                               "Addon" if kind == "addon" else "Nodegroup", name),
                           clusterName=sim["name"])
    cfg = (state.update_cfg.get(kind + "s") or {}).get(name, {})
    duration = float(cfg.get("duration_seconds", state.update_cfg.get("duration_seconds", 3)))
    upd = {
        "id": str(uuid.uuid4()), "status": "InProgress",
        "type": "AddonUpdate" if kind == "addon" else "VersionUpdate",
        "params": params, "createdAt": round(state.now(), 3), "errors": [],
        "_sim": {"kind": kind, "name": name, "to": to, "token": token,
                 "started_m": time.monotonic(), "ends": time.monotonic() + duration,
                 "outcome": cfg.get("status", "Successful"),
                 "outcome_errors": cfg.get("errors", [])},
    }
    ups.append(upd)
    req.log["updateId"] = upd["id"]
    return {"update": _public_update(upd)}


def _advance_subjects(sim):
    now_m = time.monotonic()
    for ups in sim.get("subject_updates", {}).values():
        for upd in ups:
            meta = upd["_sim"]
            if upd["status"] != "InProgress" or now_m < meta["ends"]:
                continue
            upd["status"] = meta["outcome"]
            if upd["status"] == "Successful" and meta["kind"] == "addon":
                sim["addons"][meta["name"]]["addonVersion"] = meta["to"]
            elif upd["status"] == "Successful":
                ng = sim["nodegroups"][meta["name"]]
                ng["version"] = meta["to"]
                ng["releaseVersion"] = "%s.9-20261101" % meta["to"]
            elif upd["status"] == "Failed":
                upd["errors"] = meta["outcome_errors"] or [{
                    "errorCode": "NodeCreationFailure" if meta["kind"] == "nodegroup"
                    else "ConfigurationConflict",
                    "errorMessage": "The update failed.", "resourceIds": [meta["name"]]}]


def update_addon(state, req):
    sim = _cluster(state, req)
    name = req.route_args["addonName"]
    body = _json_body(req)
    if name not in sim["addons"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No addon: %s found in cluster: %s" % (name, sim["name"]),
                           clusterName=sim["name"], addonName=name)
    version, conflicts = body.get("addonVersion"), body.get("resolveConflicts")
    if conflicts is not None and conflicts not in ("NONE", "OVERWRITE", "PRESERVE"):
        raise ServiceError(400, "InvalidParameterException",
                           "resolveConflicts must be NONE, OVERWRITE or PRESERVE")
    req.log.update({"addonName": name, "addonVersion": version, "resolveConflicts": conflicts,
                    "clientRequestToken": body.get("clientRequestToken")})
    cv = sim["cluster"]["version"]
    entry = next((a for a in state.addon_catalog if a["addonName"] == name), None)
    ok = entry is not None and any(
        v["addonVersion"] == version and any(c["clusterVersion"] == cv
                                             for c in v["compatibilities"])
        for v in entry["addonVersions"])
    if not ok:
        raise ServiceError(400, "InvalidParameterException",
                           "Addon version %s is not supported for Kubernetes version %s"
                           % (version, cv), clusterName=sim["name"], addonName=name)
    return _start_subject_update(state, sim, req, "addon", name, version,
                                 body.get("clientRequestToken"),
                                 [{"type": "AddonVersion", "value": version}] +
                                 ([{"type": "ResolveConflicts", "value": conflicts}]
                                  if conflicts else []))


def update_nodegroup_version(state, req):
    sim = _cluster(state, req)
    name = req.route_args["nodegroupName"]
    body = _json_body(req)
    if name not in sim["nodegroups"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No node group found for name: %s." % name,
                           clusterName=sim["name"], nodegroupName=name)
    ng, cv = sim["nodegroups"][name], sim["cluster"]["version"]
    version = body.get("version") or cv
    req.log.update({"nodegroupName": name, "version": body.get("version"),
                    "releaseVersion": body.get("releaseVersion"),
                    "force": body.get("force", False),
                    "clientRequestToken": body.get("clientRequestToken")})
    if sim["cluster"]["status"] != "ACTIVE":
        raise ServiceError(409, "ResourceInUseException",
                           "Cluster %s is not ACTIVE" % sim["name"], clusterName=sim["name"])
    vt, ct = version_tuple(version), version_tuple(cv)
    if vt is None or ct is None or vt > ct:
        raise ServiceError(400, "InvalidParameterException",
                           "Requested Kubernetes version %s is newer than the cluster's %s"
                           % (version, cv), clusterName=sim["name"], nodegroupName=name)
    if ng.get("amiType") == "CUSTOM" and not body.get("launchTemplate"):
        raise ServiceError(400, "InvalidParameterException",
                           "You cannot specify a Kubernetes version or release version for a "
                           "node group that uses a custom AMI; update its launch template "
                           "version instead", clusterName=sim["name"], nodegroupName=name)
    return _start_subject_update(state, sim, req, "nodegroup", name, version,
                                 body.get("clientRequestToken"),
                                 [{"type": "Version", "value": version},
                                  {"type": "ReleaseVersion", "value": "%s.9-20261101" % version}])


def _in_progress(sim):
    return [u for u in sim["updates"] if u["status"] == "InProgress"]


def _advance(state, sim):
    """Finish updates whose time has come and apply their outcome to the cluster."""
    now_m = time.monotonic()
    for upd in sim["updates"]:
        meta = upd["_sim"]
        if upd["status"] != "InProgress" or meta.get("ends") is None or now_m < meta["ends"]:
            continue
        upd["status"] = meta.get("outcome", "Successful")
        meta["applied"] = True
        cluster = sim["cluster"]
        if upd["status"] == "Successful" and upd["type"] in ("VersionUpdate", "VersionRollback"):
            old = cluster["version"]
            cluster["version"] = meta["to"]
            cluster["platformVersion"] = meta["platform"]
            if sim["nodegroups_follow_cluster"]:
                for ng in sim["nodegroups"].values():
                    if ng["version"] == old:
                        ng["version"] = meta["to"]
                        ng["releaseVersion"] = "%s.1-20250101" % meta["to"]
        elif upd["status"] == "Failed":
            upd["errors"] = meta.get("outcome_errors") or [{
                "errorCode": "Unknown",
                "errorMessage": "The control plane update failed its health checks and "
                                "was rolled back.",
                "resourceIds": [cluster["name"]],
            }]
    _refresh_status(sim)


def _refresh_status(sim):
    """UPDATING while a version update runs (after the scenario's lag), then ACTIVE."""
    cluster = sim["cluster"]
    running = [u for u in _in_progress(sim) if u["type"] in ("VersionUpdate", "VersionRollback")]
    if running:
        started = running[0]["_sim"].get("started_m")
        if started is None or time.monotonic() >= started + sim["status_lag_seconds"]:
            cluster["status"] = "UPDATING"
            sim["status_by_update"] = True
        sim.pop("updating_until", None)
    elif sim.get("status_by_update"):
        # The cluster may read UPDATING a little longer than its update runs.
        until = sim.setdefault("updating_until",
                               time.monotonic() + sim.get("active_lag_seconds", 0.0))
        if time.monotonic() >= until:
            cluster["status"] = "ACTIVE"
            sim["status_by_update"] = False
            sim.pop("updating_until", None)


# ---------------------------------------------------------------- operations

def list_clusters(state, req):
    names = sorted(state.clusters)
    page, nxt = _paginate(state, "clusters", names, _max_results(req.query("maxResults")),
                          req.query("nextToken"))
    return {"clusters": page, "nextToken": nxt}


def describe_cluster(state, req):
    return {"cluster": _cluster(state, req)["cluster"]}


def list_updates(state, req):
    sim = _cluster(state, req)
    ng, addon = req.query("nodegroupName"), req.query("addonName")
    if ng is not None and ng not in sim["nodegroups"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No node group found for name: %s." % ng,
                           clusterName=sim["name"], nodegroupName=ng)
    if addon is not None and addon not in sim["addons"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No addon: %s found in cluster: %s" % (addon, sim["name"]),
                           clusterName=sim["name"], addonName=addon)
    if ng or addon:
        ids = [u["id"] for u in _subject_updates(sim, "nodegroup" if ng else "addon", ng or addon)]
    else:
        ids = [] if req.query("capabilityName") else [u["id"] for u in sim["updates"]]
    scope = "updates/%s/%s/%s" % (sim["name"], ng, addon)
    page, nxt = _paginate(state, scope, ids, _max_results(req.query("maxResults")),
                          req.query("nextToken"))
    return {"updateIds": page, "nextToken": nxt}


def describe_update(state, req):
    sim = _cluster(state, req)
    uid = req.route_args["updateId"]
    ng, addon = req.query("nodegroupName"), req.query("addonName")
    pool = (_subject_updates(sim, "nodegroup" if ng else "addon", ng or addon) if ng or addon
            else sim["updates"])
    for u in pool:
        if u["id"] == uid:
            return {"update": _public_update(u)}
    raise ServiceError(404, "ResourceNotFoundException", "No update found for ID: %s" % uid,
                       clusterName=sim["name"])


def update_cluster_version(state, req):
    sim = _cluster(state, req)
    cluster = sim["cluster"]
    name = sim["name"]
    body = _json_body(req)
    version = body.get("version")
    token = body.get("clientRequestToken")
    force = body.get("force", False)
    if not isinstance(version, str) or not version:
        raise ServiceError(400, "InvalidParameterException", "version is required",
                           clusterName=name)
    rollback_cfg = body.get("rollbackConfig")
    if rollback_cfg is not None:
        minutes = rollback_cfg.get("timeoutMinutes") if isinstance(rollback_cfg, dict) else None
        if not isinstance(rollback_cfg, dict) or (
                minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool))):
            raise ServiceError(400, "SerializationException",
                               "rollbackConfig.timeoutMinutes must be an integer")
        if minutes is not None and not 120 <= minutes <= 10080:
            raise ServiceError(400, "InvalidParameterException",
                               "rollbackConfig.timeoutMinutes must be between 120 and 10080",
                               clusterName=name)
        req.log["rollbackTimeoutMinutes"] = minutes
    if token is not None and not isinstance(token, str):
        raise ServiceError(400, "SerializationException", "clientRequestToken must be a string")
    if not isinstance(force, bool):
        raise ServiceError(400, "SerializationException", "force must be a boolean")
    req.log["clientRequestToken"] = token
    req.log["requestedVersion"] = version
    req.log["force"] = force

    if token and token in sim["tokens"]:
        uid = sim["tokens"][token]
        upd = next(u for u in sim["updates"] if u["id"] == uid)
        if upd["_sim"]["to"] != version:
            raise ServiceError(400, "InvalidRequestException",
                               "The clientRequestToken %s was already used with different "
                               "parameters." % token, clusterName=name)
        req.log["idempotentReplay"] = True
        return {"update": _public_update(upd)}

    running = _in_progress(sim)
    if running:
        raise ServiceError(409, "ResourceInUseException",
                           "Cannot VersionUpdate because cluster %s currently has update %s "
                           "in progress" % (name, running[0]["id"]), clusterName=name)
    if cluster["status"] != "ACTIVE":
        code, status = (("ResourceInUseException", 409) if cluster["status"] == "UPDATING"
                        else ("InvalidRequestException", 400))
        raise ServiceError(status, code, "Cannot VersionUpdate because cluster %s is in %s "
                           "status" % (name, cluster["status"]), clusterName=name)
    current = cluster["version"]
    if version_tuple(version) is None or version not in state.catalog:
        raise ServiceError(400, "InvalidParameterException", "unsupported Kubernetes version",
                           clusterName=name)
    rollback = version_tuple(version) is not None and version_tuple(current) is not None and \
        next_minor(version) == current
    if rollback:
        _check_rollback(state, sim, version, force)
    elif version != next_minor(current) or not state.offered(version):
        raise ServiceError(400, "InvalidParameterException",
                           "Unsupported Kubernetes minor version update from %s to %s"
                           % (current, version), clusterName=name)
    if rollback_cfg is not None and not rollback:
        raise ServiceError(400, "InvalidParameterException",
                           "rollbackConfig is only valid for a version rollback",
                           clusterName=name)
    mode = sim["check_nodegroups"]
    if mode == "match":
        # The rule the API reference still states: node groups must match.
        behind = sorted(n for n, ng in sim["nodegroups"].items() if ng["version"] != current)
        if behind:
            raise ServiceError(400, sim["nodegroup_refusal_code"],
                               "Nodegroups %s must be updated to match cluster version %s "
                               "before updating cluster version" % (",".join(behind), current),
                               clusterName=name)
    elif mode:
        # Today's rule (EKS user guide, since 1.28): kubelets >= 1.25 may be 3
        # minors behind the new control plane version, <= 1.24 two; never newer.
        bad = sorted(n for n, ng in sim["nodegroups"].items()
                     if not skew_allowed(ng["version"], version))
        if bad:
            raise ServiceError(400, sim["nodegroup_refusal_code"],
                               "Nodegroups %s must be updated to match cluster version %s "
                               "before updating cluster version" % (",".join(bad), current),
                               clusterName=name)
    if not rollback and not force and state.update_cfg.get("enforce_insights", True):
        errors = [i for i in sim["insights"].values()
                  if i["category"] == "UPGRADE_READINESS"
                  and i["kubernetesVersion"] == version
                  and i["insightStatus"]["status"] == "ERROR"]
        if errors:
            raise ServiceError(400, "InvalidStateException",
                               "Upgrade readiness issues detected. Call the EKS ListInsights "
                               "API to view upgrade blocking issues detected by EKS. Pass the "
                               "force flag to override upgrade readiness errors and proceed "
                               "with upgrade.", clusterName=name)

    outcome = _next_outcome(state)
    platform = _platform_for(state, outcome, version)
    duration = float(outcome.get("duration_seconds",
                                 state.update_cfg.get("duration_seconds", 3)))
    upd = {
        "id": str(uuid.uuid4()),
        "status": "InProgress",
        "type": "VersionRollback" if rollback else "VersionUpdate",
        "params": [{"type": "Version", "value": version},
                   {"type": "PlatformVersion", "value": platform}],
        "createdAt": round(state.now(), 3),
        "errors": [],
        "_sim": {"from": current, "to": version, "platform": platform, "token": token,
                 "started_m": time.monotonic(), "ends": time.monotonic() + duration,
                 "outcome": outcome.get("status", "Successful"),
                 "outcome_errors": outcome.get("errors", [])},
    }
    sim["updates"].append(upd)
    if token:
        sim["tokens"][token] = upd["id"]
    state.accepted_updates += 1
    _refresh_status(sim)
    req.log["updateId"] = upd["id"]
    return {"update": _public_update(upd)}


ROLLBACK_WINDOW_SECONDS = 7 * 86400


def _check_rollback(state, sim, version, force):
    """EKS's rollback rules (user guide "rollback-cluster"; SPEC §10): one
    minor back, within 7 days of the Successful in-place upgrade to the
    current version (judged here, as by the tool, from its createdAt), once;
    the previous version still supported, with supportType EXTENDED when it
    is in extended support; ROLLBACK_READINESS insights in ERROR block
    unless force."""
    name, current = sim["name"], sim["cluster"]["version"]
    ups = sorted(sim["updates"], key=lambda u: u["createdAt"])
    upgrade = None
    for u in ups:
        if u["type"] == "VersionUpdate" and u["status"] == "Successful" and \
                _update_version(u) == current:
            upgrade = u
    if upgrade is None:
        raise ServiceError(400, "InvalidRequestException",
                           "Cluster %s cannot be rolled back: no in-place upgrade to version %s "
                           "was found" % (name, current), clusterName=name)
    if state.now() > upgrade["createdAt"] + ROLLBACK_WINDOW_SECONDS:
        raise ServiceError(400, "InvalidRequestException",
                           "Cluster %s cannot be rolled back: the rollback window for the "
                           "upgrade to version %s has expired" % (name, current),
                           clusterName=name)
    if any(u["type"] == "VersionRollback" and u["status"] == "Successful" and
           u["createdAt"] > upgrade["createdAt"] for u in ups):
        raise ServiceError(400, "InvalidRequestException",
                           "Cluster %s was already rolled back since its upgrade to %s"
                           % (name, current), clusterName=name)
    entry = state.catalog.get(version)
    if entry is None or entry["versionStatus"] == "UNSUPPORTED":
        raise ServiceError(400, "InvalidParameterException",
                           "Kubernetes version %s is not supported" % version, clusterName=name)
    if entry["versionStatus"] == "EXTENDED_SUPPORT" and \
            sim["cluster"].get("upgradePolicy", {}).get("supportType") != "EXTENDED":
        raise ServiceError(400, "InvalidRequestException",
                           "Kubernetes version %s is in extended support: set the cluster's "
                           "upgrade policy supportType to EXTENDED to roll back to it" % version,
                           clusterName=name)
    if not force:
        errors = [i for i in sim["insights"].values()
                  if i["category"] == "ROLLBACK_READINESS"
                  and i["kubernetesVersion"] == version
                  and i["insightStatus"]["status"] in ("ERROR", "UNKNOWN")]
        if errors:
            raise ServiceError(400, "InvalidStateException",
                               "Rollback readiness issues detected. Call the EKS ListInsights "
                               "API to view rollback blocking issues detected by EKS. Pass the "
                               "force flag to override rollback readiness errors and proceed "
                               "with rollback.", clusterName=name)


def _next_outcome(state):
    cfg = state.update_cfg
    outcomes = cfg.get("outcomes")
    if outcomes:
        o = outcomes[min(state.accepted_updates, len(outcomes) - 1)]
        return {"status": o} if isinstance(o, str) else dict(o)
    return {"status": cfg.get("outcome", "Successful"), "errors": cfg.get("errors", [])}


def _platform_for(state, outcome, version):
    return (outcome.get("platformVersion") or state.update_cfg.get("platformVersion")
            or state.catalog.get(version, {}).get("defaultPlatformVersion") or "eks.1")


def _list_names(state, req, kind, key):
    """ListNodegroups / ListAddons / ListFargateProfiles: names of one cluster's things."""
    sim = _cluster(state, req)
    page, nxt = _paginate(state, "%s/%s" % (kind, sim["name"]), list(sim[kind]),
                          _max_results(req.query("maxResults")), req.query("nextToken"))
    return {key: page, "nextToken": nxt}


def list_nodegroups(state, req):
    return _list_names(state, req, "nodegroups", "nodegroups")


def describe_nodegroup(state, req):
    sim = _cluster(state, req)
    ng = req.route_args["nodegroupName"]
    if ng not in sim["nodegroups"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No node group found for name: %s." % ng,
                           clusterName=sim["name"], nodegroupName=ng)
    return {"nodegroup": sim["nodegroups"][ng]}


def list_addons(state, req):
    return _list_names(state, req, "addons", "addons")


def describe_addon(state, req):
    sim = _cluster(state, req)
    name = req.route_args["addonName"]
    if name not in sim["addons"]:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No addon: %s found in cluster: %s" % (name, sim["name"]),
                           clusterName=sim["name"], addonName=name)
    return {"addon": sim["addons"][name]}


def describe_addon_versions(state, req):
    kver = req.query("kubernetesVersion")
    name = req.query("addonName")
    types, pubs, owners = req.query_list("types"), req.query_list("publishers"), \
        req.query_list("owners")
    result = []
    for a in state.addon_catalog:
        if name and a["addonName"] != name:
            continue
        if (types and a["type"] not in types) or (pubs and a["publisher"] not in pubs) or \
                (owners and a["owner"] not in owners):
            continue
        versions = a["addonVersions"]
        if kver:
            versions = [v for v in versions
                        if any(c["clusterVersion"] == kver for c in v["compatibilities"])]
            if not versions:
                continue
        item = dict(a)
        item["addonVersions"] = versions
        result.append(item)
    if name and not result and not any(a["addonName"] == name for a in state.addon_catalog):
        raise ServiceError(404, "ResourceNotFoundException",
                           "Addon %s not found" % name, addonName=name)
    scope = "addonversions/%s/%s/%s" % (kver, name, ",".join(types + pubs + owners))
    page, nxt = _paginate(state, scope, result, _max_results(req.query("maxResults")),
                          req.query("nextToken"))
    return {"addons": page, "nextToken": nxt}


SUMMARY_FIELDS = ("id", "name", "category", "kubernetesVersion", "lastRefreshTime",
                  "lastTransitionTime", "description", "insightStatus")


def list_insights(state, req):
    sim = _cluster(state, req)
    body = _json_body(req)
    flt = body.get("filter") or {}
    if not isinstance(flt, dict):
        raise ServiceError(400, "SerializationException", "filter must be an object")
    cats = flt.get("categories") or []
    kvers = flt.get("kubernetesVersions") or []
    stats = flt.get("statuses") or []
    for key, val in (("categories", cats), ("kubernetesVersions", kvers), ("statuses", stats)):
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            raise ServiceError(400, "SerializationException", "%s must be a list of strings" % key)
    req.log["filter"] = flt
    items = [{k: i[k] for k in SUMMARY_FIELDS} for i in sim["insights"].values()
             if (not cats or i["category"] in cats)
             and (not kvers or i["kubernetesVersion"] in kvers)
             and (not stats or i["insightStatus"]["status"] in stats)]
    scope = "insights/%s/%s" % (sim["name"], json.dumps([cats, kvers, stats]))
    page, nxt = _paginate(state, scope, items, _max_results(body.get("maxResults")),
                          body.get("nextToken"))
    return {"insights": page, "nextToken": nxt}


def describe_insight(state, req):
    sim = _cluster(state, req)
    iid = req.route_args["id"]
    if iid not in sim["insights"]:
        raise ServiceError(404, "ResourceNotFoundException", "No insight found for id: %s" % iid,
                           clusterName=sim["name"])
    return {"insight": sim["insights"][iid]}


def _refresh_state(sim):
    ref = sim.get("insights_refresh")
    if ref and ref["status"] == "IN_PROGRESS" and time.monotonic() >= ref["_ends"]:
        ref["status"] = ref["_outcome"]
        ref["endedAt"] = time.time()
        if ref["status"] == "COMPLETED":
            for i in sim["insights"].values():
                i["lastRefreshTime"] = time.time()
    return ref


def start_insights_refresh(state, req):
    """StartInsightsRefresh: refresh_seconds / refresh_outcome from the
    scenario's "insights_refresh" settings (default 1 s, COMPLETED)."""
    sim = _cluster(state, req)
    cfg = state.insights_refresh_cfg
    ref = _refresh_state(sim)
    if ref is None or ref["status"] != "IN_PROGRESS":
        ref = {"status": "IN_PROGRESS", "startedAt": time.time(),
               "_ends": time.monotonic() + float(cfg.get("seconds", 1)),
               "_outcome": cfg.get("outcome", "COMPLETED")}
        sim["insights_refresh"] = ref
    return {"message": "Insights refresh started.", "status": ref["status"]}


def describe_insights_refresh(state, req):
    sim = _cluster(state, req)
    ref = _refresh_state(sim)
    if ref is None:
        raise ServiceError(404, "ResourceNotFoundException",
                           "No insights refresh found for cluster %s" % sim["name"],
                           clusterName=sim["name"])
    out = {"status": ref["status"], "startedAt": ref["startedAt"],
           "message": {"COMPLETED": "Insights refresh completed.",
                       "FAILED": "Insights refresh failed.",
                       "IN_PROGRESS": "Insights refresh in progress."}.get(ref["status"], "")}
    if "endedAt" in ref:
        out["endedAt"] = ref["endedAt"]
    return out


def describe_cluster_versions(state, req):
    ctype = req.query("clusterType")
    default_only = _bool_query(req, "defaultOnly")
    include_all = _bool_query(req, "includeAll")
    wanted = req.query_list("clusterVersions")
    vstatus = req.query("versionStatus")
    old_status = req.query("status")
    if vstatus is not None and vstatus not in ("UNSUPPORTED", "STANDARD_SUPPORT",
                                               "EXTENDED_SUPPORT"):
        raise ServiceError(400, "InvalidParameterException",
                           "Invalid versionStatus: %s" % vstatus)
    if old_status is not None and old_status not in ("unsupported", "standard-support",
                                                     "extended-support"):
        raise ServiceError(400, "InvalidParameterException", "Invalid status: %s" % old_status)
    rows = []
    for ver in sorted(state.catalog, key=lambda v: version_tuple(v) or (0, 0), reverse=True):
        e = state.catalog[ver]
        if ctype and e.get("clusterType", "eks") != ctype:
            continue
        if wanted and ver not in wanted:
            continue
        if vstatus and e["versionStatus"] != vstatus:
            continue
        if old_status and e["status"] != old_status:
            continue
        if not (include_all or wanted or vstatus or old_status) and \
                e["versionStatus"] == "UNSUPPORTED":
            continue
        if default_only and not e.get("defaultVersion"):
            continue
        rows.append(e)
    scope = "versions/%s" % sorted(p for p in req.query_pairs
                                   if p[0] not in ("nextToken", "maxResults"))
    page, nxt = _paginate(state, scope, rows, _max_results(req.query("maxResults")),
                          req.query("nextToken"))
    return {"clusterVersions": page, "nextToken": nxt}


def list_fargate_profiles(state, req):
    return _list_names(state, req, "fargate", "fargateProfileNames")


HANDLERS = {
    "ListClusters": list_clusters,
    "DescribeCluster": describe_cluster,
    "ListUpdates": list_updates,
    "DescribeUpdate": describe_update,
    "UpdateClusterVersion": update_cluster_version,
    "ListNodegroups": list_nodegroups,
    "DescribeNodegroup": describe_nodegroup,
    "ListAddons": list_addons,
    "DescribeAddon": describe_addon,
    "DescribeAddonVersions": describe_addon_versions,
    "ListInsights": list_insights,
    "DescribeInsight": describe_insight,
    "DescribeClusterVersions": describe_cluster_versions,
    "ListFargateProfiles": list_fargate_profiles,
    "StartInsightsRefresh": start_insights_refresh,
    "UpdateAddon": update_addon,
    "UpdateNodegroupVersion": update_nodegroup_version,
    "DescribeInsightsRefresh": describe_insights_refresh,
}
