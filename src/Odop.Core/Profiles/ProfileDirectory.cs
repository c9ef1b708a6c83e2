using System.Diagnostics.CodeAnalysis;

namespace Odop.Core.Profiles;

/// <summary>
/// The profiles in one folder (every <c>*.json</c> except <c>*.schema.json</c>), found by task_id or
/// by metadata.name. A broken file does not take the others down: it is left out and listed in
/// <see cref="Errors"/>, so an agent refuses only the tasks whose profiles are broken.
/// </summary>
public sealed class ProfileDirectory
{
    private volatile Snapshot _current;

    private ProfileDirectory(string folder, Snapshot snapshot)
    {
        Folder = folder;
        _current = snapshot;
    }

    public string Folder { get; }

    /// <summary>Valid profiles, in file name order.</summary>
    public IReadOnlyList<TaskProfile> Profiles => _current.Profiles;

    /// <summary>One error per file that was left out, each naming the file.</summary>
    public IReadOnlyList<OdopValidationException> Errors => _current.Errors;

    public static ProfileDirectory Load(string folder) => new(folder, Read(folder));

    /// <summary>Reads the folder again; readers on other threads see the old or the new set, never a mix.</summary>
    public void Reload() => _current = Read(Folder);

    /// <summary>Looks up by task_id or metadata.name, ignoring case.</summary>
    public bool TryGet(string taskIdOrName, [MaybeNullWhen(false)] out TaskProfile profile) =>
        _current.Index.TryGetValue(taskIdOrName, out profile);

    private sealed record Snapshot(
        IReadOnlyList<TaskProfile> Profiles,
        IReadOnlyList<OdopValidationException> Errors,
        IReadOnlyDictionary<string, TaskProfile> Index);

    private static Snapshot Read(string folder)
    {
        var profiles = new List<TaskProfile>();
        var errors = new List<OdopValidationException>();
        // Ids and names share one key space: a queue element's task_id may be either.
        var index = new Dictionary<string, TaskProfile>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(folder))
        {
            errors.Add(new OdopValidationException(folder, "", "profile folder does not exist"));
            return new Snapshot(profiles, errors, index);
        }
        foreach (var file in ProfileFiles(folder))
        {
            TaskProfile profile;
            try
            {
                profile = TaskProfile.Load(file);
            }
            catch (OdopValidationException ex)
            {
                errors.Add(ex);
                continue;
            }
            if (Clash(profile, index) is { } clash)
            {
                errors.Add(clash);
                continue;
            }
            index[profile.TaskId] = profile;
            index[profile.Name] = profile;
            profiles.Add(profile);
        }
        return new Snapshot(profiles, errors, index);
    }

    private static IEnumerable<string> ProfileFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    // The first file (by name) keeps the key; the later one is refused so lookups are never ambiguous.
    private static OdopValidationException? Clash(TaskProfile profile, Dictionary<string, TaskProfile> index)
    {
        foreach (var (field, key) in new[] { ("task_id", profile.TaskId), ("metadata.name", profile.Name) })
        {
            if (index.TryGetValue(key, out var owner))
                return new OdopValidationException(profile.File, field, $"'{key}' is already used by {owner.File}");
        }
        return null;
    }
}
