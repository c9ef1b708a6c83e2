using Odop.Core.Profiles;

namespace Odop.Agent.Profiles;

/// <summary>Whole cores a profile asks for: its cpus.min rounded up, at least one.</summary>
internal static class ProfileCores
{
    public static int Wanted(TaskProfile profile) =>
        Math.Max(1, (int)Math.Ceiling(profile.Requirement.Cpus.Min.Millicpus / 1000.0));
}
