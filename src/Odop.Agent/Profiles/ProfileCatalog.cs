using Odop.Core.Profiles;

namespace Odop.Agent.Profiles;

/// <summary>
/// The agent's view of the profiles folder. An unknown task id triggers one re-read (people add and
/// edit profiles while the agent runs), at most once a second so a flood of bad ids costs nothing.
/// Thread-safe: read by every gRPC call.
/// </summary>
internal sealed class ProfileCatalog(string directory, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private ProfileDirectory? _profiles;
    private DateTimeOffset _lastLoad = DateTimeOffset.MinValue;

    public string Directory => directory;

    public TaskProfile? Find(string taskIdOrName)
    {
        lock (_gate)
        {
            _profiles ??= Load();
            if (_profiles.TryGet(taskIdOrName, out var profile)) return profile;
            if (clock.GetUtcNow() - _lastLoad < TimeSpan.FromSeconds(1)) return null;
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

    private ProfileDirectory Load()
    {
        _lastLoad = clock.GetUtcNow();
        return ProfileDirectory.Load(directory);
    }
}
