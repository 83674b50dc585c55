/* skew — the kubelet / control plane version skew rule EKS applies today
 * (EKS user guide, "Update existing cluster to new Kubernetes version",
 * since Kubernetes 1.28; SPEC §4 "The skew rule").
 *
 * A kubelet at minor k may run under a control plane at minor t when
 * k <= t and t - k <= 3 for k >= 1.25 (t - k <= 2 for k <= 1.24). A kubelet
 * newer than the control plane is never allowed. Pure functions.
 */
#ifndef EKS_SKEW_H
#define EKS_SKEW_H

#include <stdbool.h>

#include "util/k8s_version.h"

/* How many minors a kubelet at `kubelet` may fall behind: 3, or 2 for
 * 1.24 and older. */
int skew_max_behind(struct k8s_version kubelet);

/* The rule above, for a control plane at `control_plane`. */
bool skew_allowed(struct k8s_version kubelet, struct k8s_version control_plane);

/* The newest control plane minor a kubelet at `kubelet` allows. */
struct k8s_version skew_limit(struct k8s_version kubelet);

#endif
