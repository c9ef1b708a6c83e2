using Odop.Core.Profiles;

namespace Odop.Agent.Profiles;

/// <summary>
/// The agent's view of the profiles folder. An unknown task id triggers a re-read (people add and
/// edit profiles while the agent runs): at once when the folder changed (a file was added or
/// renamed into place), else at most once a second, so a flood of bad ids costs nothing.
/// Thread-safe: read by every gRPC call.
/// </summary>
internal sealed class ProfileCatalog(string directory, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private ProfileDirectory? _profiles;
    private DateTimeOffset _lastLoad = DateTimeOffset.MinValue;
    private DateTime _loadedStamp;

    public string Directory => directory;

    public TaskProfile? Find(string taskIdOrName)
    {
        lock (_gate)
        {
            _profiles ??= Load();
            if (_profiles.TryGet(taskIdOrName, out var profile)) return profile;
            if (FolderStamp() == _loadedStamp && clock.GetUtcNow() - _lastLoad < TimeSpan.FromSeconds(1)) return null;
            _profiles = Load();
            return _profiles.TryGet(taskIdOrName, out profile) ? profile : null;
        }
    }

    public IReadOnlyList<string> KnownNames()
    {
        lock (_gate)
        {
            _profiles ??= Load();
            return _profiles.Profiles.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// Why a task might be unknown: a broken file named like it (the usual cause when someone edits a
    /// profile by hand). Null when no broken file matches.
    /// </summary>
    public string? BrokenProfileHint(string taskIdOrName)
    {
        lock (_gate)
        {
            _profiles ??= Load();
            var error = _profiles.Errors.FirstOrDefault(e =>
                e.File is { } file && string.Equals(Path.GetFileNameWithoutExtension(file), taskIdOrName, StringComparison.OrdinalIgnoreCase));
            return error?.Message;
        }
    }

    private DateTime FolderStamp() => System.IO.Directory.GetLastWriteTimeUtc(directory);

    private ProfileDirectory Load()
    {
        _lastLoad = clock.GetUtcNow();
        _loadedStamp = FolderStamp();
        return ProfileDirectory.Load(directory);
    }
}
