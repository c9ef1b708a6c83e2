using System.Globalization;
using Odop.Core.Quantities;

namespace Odop.Cli.Commands;

/// <summary>`--since`: a duration back from now (10m, 1h30m, 2d) or a timestamp (2026-11-21T10:00, local time unless it has an offset).</summary>
internal static class SinceParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    public static DateTimeOffset Parse(string text, DateTimeOffset now, string option = "--since")
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && !trimmed.Contains('-') && !trimmed.Contains(':')
            && DurationQuantity.TryParse(trimmed, out var duration))
            return now - duration.Value;
        if (DateTime.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
            return new DateTimeOffset(local);
        // With an explicit offset or Z (2026-11-21T10:00:00Z, 2026-11-21T10:00+01:00).
        if (trimmed.Length > 10 && (trimmed.EndsWith('Z') || trimmed[10..].Contains('+') || trimmed[10..].Contains('-'))
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            return exact;
        throw new ArgumentException($"{option}: '{text}' is neither a duration (10m, 1h30m, 2d) nor a timestamp (2026-11-21T10:00, 2026-11-21 10:00:00, 2026-11-21T10:00:00Z)");
    }
}
