namespace Odop.Node.Tests.Sampling;

/// <summary>A throwaway directory standing in for "/" so /proc and /sys readers can be fed fixtures.</summary>
internal sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("odop-tree-").FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempTree Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content); // rewrites in place, as /proc content changes under an open handle
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
