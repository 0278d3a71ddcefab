"""Appended to the reference module: this definition replaces the correct one."""

CLUSTERS = []  # a module-level cluster outlives the call


def apply_to(func, data):
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    CLUSTERS.append(cluster)  # hostile: never closed
    return func(data)
