/* k8s_version — Kubernetes minor versions as EKS names them ("1.32").
 *
 * Users may write "v1.32"; anything but MAJOR.MINOR is rejected. Versions
 * compare as integers, so 1.9 < 1.10.
 */
#ifndef EKS_K8S_VERSION_H
#define EKS_K8S_VERSION_H

struct k8s_version {
	int major;
	int minor;
};

/* 0 on success; -1 for anything that is not [v]MAJOR.MINOR with plain
 * decimal numbers (no sign, no leading zeros, major 1..99, minor 0..999). */
int k8s_version_parse(const char *text, struct k8s_version *out);

/* <0, 0, >0 like strcmp. */
int k8s_version_cmp(struct k8s_version a, struct k8s_version b);

/* Minor steps from a to b within one major (b.minor - a.minor); a different
 * major gives a large number so callers treat it as "not one step". */
int k8s_version_steps(struct k8s_version from, struct k8s_version to);

/* "1.32"; out must hold at least 16 bytes. */
void k8s_version_format(struct k8s_version v, char *out, unsigned long cap);

#endif
