using Odop.Core.Hardware;

namespace Odop.Node.Topology.Internal;

/// <summary>
/// The effective cpuset of this process's cgroup. The path comes from /proc/self/cgroup: the
/// "0::/path" line for cgroup v2, the line naming the cpuset controller for v1. A cgroup without
/// its own cpuset file inherits its parent's, so the search walks up to the root; inside a
/// container the listed path may not exist under the mount, and the walk ends at the mount's root.
/// </summary>
internal static class CgroupCpuset
{
    public static CpuSet? Read(SysFs fs)
    {
        string? v2Path = null, v1Path = null;
        foreach (var line in fs.Lines("proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (parts[0] == "0" && parts[1].Length == 0) v2Path = parts[2];
            else if (parts[1].Split(',').Contains("cpuset")) v1Path = parts[2];
        }
        return FirstUpwards(fs, "sys/fs/cgroup", v2Path, "cpuset.cpus.effective")
            ?? FirstUpwards(fs, "sys/fs/cgroup/cpuset", v1Path, "cpuset.effective_cpus")
            ?? FirstUpwards(fs, "sys/fs/cgroup/cpuset", v1Path, "cpuset.cpus");
    }

    private static CpuSet? FirstUpwards(SysFs fs, string mount, string? cgroupPath, string file)
    {
        var path = (cgroupPath ?? "/").Trim('/');
        while (true)
        {
            var relative = path.Length == 0 ? $"{mount}/{file}" : $"{mount}/{path}/{file}";
            // An empty file means "not configured here" (v1 before setup), not "no CPUs".
            if (fs.ReadCpuSet(relative) is { IsEmpty: false } set) return set;
            if (path.Length == 0) return null;
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? "" : path[..slash];
        }
    }
}
