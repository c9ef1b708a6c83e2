using Odop.Archiving.Archivers;
using Odop.Core;

namespace Odop.Archiving;

/// <summary>
/// Archiver factories keyed by the configuration's <c>type</c>. <see cref="CreateDefault"/> knows the built-ins
/// (jsonl, sqlite, http); <see cref="Register"/> adds another, e.g. <c>registry.Register("s3", c => new S3Archiver(c))</c>.
/// A factory validates the entry's own fields (through the context's helpers) and must not touch the target yet:
/// `odop archivers check` builds archivers only to validate them.
/// </summary>
public sealed class ArchiverRegistry
{
    private readonly Dictionary<string, Func<ArchiverContext, IResultArchiver>> _factories = new(StringComparer.Ordinal);

    public static ArchiverRegistry CreateDefault()
    {
        var registry = new ArchiverRegistry();
        registry.Register("jsonl", c => new JsonLinesArchiver(c.Settings.Name, c.RequiredPath("path")));
        registry.Register("sqlite", SqliteArchiver.Create);
        registry.Register("http", HttpArchiver.Create);
        return registry;
    }

    public IReadOnlyList<string> KnownTypes => _factories.Keys.Order(StringComparer.Ordinal).ToList();

    public void Register(string type, Func<ArchiverContext, IResultArchiver> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(type, factory)) throw new ArgumentException($"an archiver type '{type}' is already registered", nameof(type));
    }

    /// <summary>Builds the archiver an entry describes; unknown types and fields are errors naming file and field.</summary>
    public IResultArchiver Create(ArchiverSettings settings, string? file)
    {
        if (!_factories.TryGetValue(settings.Type, out var factory))
            throw new OdopValidationException(file, Join(settings.Field, "type"),
                $"unknown archiver type '{settings.Type}'; known types: {string.Join(", ", KnownTypes)}");
        var context = new ArchiverContext(settings, file);
        var archiver = factory(context);
        if (context.Unread(ArchiveConfig.CommonKeys).FirstOrDefault() is { } unknown)
        {
            (archiver as IDisposable)?.Dispose();
            throw context.Error(unknown, $"unknown field for an archiver of type '{settings.Type}'");
        }
        return archiver;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
