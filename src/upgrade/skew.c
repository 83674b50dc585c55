#include "upgrade/skew.h"

int skew_max_behind(struct k8s_version kubelet)
{
	return kubelet.major == 1 && kubelet.minor <= 24 ? 2 : 3;
}

bool skew_allowed(struct k8s_version kubelet, struct k8s_version control_plane)
{
	int behind = k8s_version_steps(kubelet, control_plane);

	return kubelet.major == control_plane.major && behind >= 0 &&
	       behind <= skew_max_behind(kubelet);
}

struct k8s_version skew_limit(struct k8s_version kubelet)
{
	struct k8s_version limit = {kubelet.major, kubelet.minor + skew_max_behind(kubelet)};

	return limit;
}
