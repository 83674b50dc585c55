/* apiserver — after an upgrade, ask the cluster's own Kubernetes API server
 * which version it runs (GET /version), trusting only the cluster's CA from
 * DescribeCluster: first anonymously, then with an EKS bearer token if the
 * server wants one. A private endpoint or no route from here is normal:
 * the caller reports it as a warning, never a failure. */
#ifndef EKS_APISERVER_H
#define EKS_APISERVER_H

#include <stddef.h>

#include "aws/client.h"
#include "aws/eks.h"

/* 0 with git_version ("v1.32.1-eks-...") filled; 1 when it could not be
 * asked or answered (why says what happened). Never -1: nothing here may
 * fail an upgrade that EKS reported Successful. */
int apiserver_version(struct aws *aws, const struct eks_cluster *cluster, char *git_version,
		      size_t cap, char *why, size_t why_cap);

#endif
