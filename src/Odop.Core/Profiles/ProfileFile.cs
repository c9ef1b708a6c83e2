using Odop.Core.Internal;

namespace Odop.Core.Profiles;

/// <summary>
/// Writes profile files. Every write is atomic: readers (another agent, an editor, `odop profiles
/// show`) see either the old file or the new one, never half of one.
/// </summary>
public static class ProfileFile
{
    /// <summary>
    /// Applies <paramref name="update"/> to the profile at <paramref name="path"/> and rewrites it,
    /// keeping every key Odop does not own. Nothing is written if the file or the result is invalid.
    /// Not safe against two writers at once: the agent is the only writer of a profile's measurements.
    /// </summary>
    public static TaskProfile ApplyUpdate(string path, ProfileUpdate update)
    {
        var updated = TaskProfile.Load(path).WithUpdate(update);
        Save(path, updated);
        return updated;
    }

    /// <summary>Writes <paramref name="profile"/> to <paramref name="path"/>, pretty-printed with a 2-space indent.</summary>
    public static void Save(string path, TaskProfile profile) => AtomicFile.WriteAllText(path, JsonText.Pretty(profile.ToJson()));
}
