#!/bin/sh
# make demo: start the local AWS simulator with the demo scenario, run
# `eks-upgrade plan`, `eks-upgrade apply --approve` and then `eks-upgrade rollback
# --approve` against it, stop it.
# Until the plan/apply commands exist, show a smoke run of the simulator instead.
# EKS_UPGRADE_BIN names another binary (default ./eks-upgrade), and
# EKS_UPGRADE_EMULATOR a command that runs it (qemu-aarch64 for
# ./eks-upgrade-arm64: tests/cross.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
bin=${EKS_UPGRADE_BIN:-./eks-upgrade}
emulator=${EKS_UPGRADE_EMULATOR:-}

missing=""
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import botocore' >/dev/null 2>&1; then
    missing="$missing botocore(python3-botocore on Debian/Ubuntu, py3-botocore on Alpine)"
fi
if [ -n "$missing" ]; then
    echo "demo: missing:$missing" >&2
    exit 1
fi

if [ "$bin" = ./eks-upgrade ] && [ ! -x ./eks-upgrade ] && [ -x ./build.sh ]; then
    echo "demo: ./eks-upgrade is not built yet, running ./build.sh"
    ./build.sh || echo "demo: build failed, showing the simulator on its own" >&2
fi

STATE=$(mktemp -d "${TMPDIR:-/tmp}/eks-upgrade-demo.XXXXXX") || exit 1
SIM_PID=""
cleanup() {
    if [ -n "$SIM_PID" ]; then
        kill "$SIM_PID" 2>/dev/null
        wait "$SIM_PID" 2>/dev/null
    fi
    rm -rf "$STATE"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

python3 tests/sim/simulator.py --scenario tests/sim/scenarios/demo.json \
    --state-dir "$STATE" --watch-pid $$ >"$STATE/server.log" 2>&1 &
SIM_PID=$!

i=0
while [ ! -f "$STATE/ready" ]; do
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
        echo "demo: the simulator did not start:" >&2
        cat "$STATE/server.log" >&2
        exit 1
    fi
    i=$((i + 1))
    if [ "$i" -gt 150 ]; then
        echo "demo: the simulator was not ready after 15 s" >&2
        exit 1
    fi
    sleep 0.1
done

# Point every AWS client at the simulator through the standard variables only.
eval "$(python3 tests/sim/simctl.py env --state-dir "$STATE")"
echo "== simulator: EKS and STS at $AWS_ENDPOINT_URL_EKS (scenario demo: cluster demo 1.31 -> 1.32)"

run() {
    echo
    echo "\$ $*"
    "$@"
    rc=$?
    echo "(exit $rc)"
    return 0
}

if [ -x "$bin" ]; then
    echo
    echo "\$ ${emulator:+$emulator }$bin plan --cluster demo"
    # stdout stays on the terminal (colours); stderr is kept to spot a stub.
    # shellcheck disable=SC2086 # the emulator may be a command with arguments
    $emulator "$bin" plan --cluster demo 2>"$STATE/plan.err"
    rc=$?
    cat "$STATE/plan.err" >&2
    if ! grep -qi "not implemented" "$STATE/plan.err"; then
        echo "(exit $rc)"
        # The whole cluster, planned: add-ons and node groups after the control plane.
        # shellcheck disable=SC2086
        run $emulator "$bin" plan --cluster demo --with-addons --with-nodegroups
        # shellcheck disable=SC2086
        run $emulator "$bin" apply --cluster demo --approve --poll-interval 1s
        # Something broke after the upgrade: back to 1.31 inside EKS's 7-day window.
        # shellcheck disable=SC2086
        run $emulator "$bin" rollback --cluster demo --approve --quiet --poll-interval 1s
        exit 0
    fi
    echo "demo: $bin plan is not implemented yet; simulator smoke run instead."
else
    echo "demo: $bin is not built; simulator smoke run instead."
fi
if command -v aws >/dev/null 2>&1; then
    # The AWS CLI v1 reads AWS_DEFAULT_REGION, not AWS_REGION.
    export AWS_DEFAULT_REGION="$AWS_REGION"
    run aws sts get-caller-identity
    run aws eks describe-cluster --name demo --query 'cluster.{name:name,version:version,status:status,platformVersion:platformVersion}'
    run aws eks list-nodegroups --cluster-name demo
    run aws eks list-insights --cluster-name demo --filter categories=UPGRADE_READINESS --query 'insights[].[name,insightStatus.status]' --output text
else
    echo "demo: the aws CLI is not installed; asking with botocore instead."
    run python3 - <<'EOF'
import os, botocore.session
eks = botocore.session.Session().create_client(
    "eks", region_name=os.environ["AWS_REGION"],
    endpoint_url=os.environ["AWS_ENDPOINT_URL_EKS"], verify=os.environ["AWS_CA_BUNDLE"])
c = eks.describe_cluster(name="demo")["cluster"]
print("cluster", c["name"], c["version"], c["status"])
print("nodegroups", eks.list_nodegroups(clusterName="demo")["nodegroups"])
EOF
fi
