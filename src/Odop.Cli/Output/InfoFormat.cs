using System.Globalization;
using System.Text;
using Odop.Protocol.V1;

namespace Odop.Cli.Output;

/// <summary>`odop info` as text: counts per state, what runs where, the queue and its drain estimate.</summary>
internal static class InfoFormat
{
    public static string Text(InfoReply info)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"node {info.NodeName} at {ExecutionFormat.Time(info.AtUnixMs)}");
        var nonZero = info.Counts.Where(c => c.Count > 0).ToList();
        sb.AppendLine("executions  " + (nonZero.Count == 0
            ? "none"
            : string.Join("  ", nonZero.Select(c => $"{ExecutionFormat.State(c.State)} {c.Count.ToString(CultureInfo.InvariantCulture)}"))));
        sb.AppendLine();
        if (info.Running.Count == 0) sb.AppendLine("running     none");
        else
        {
            var table = new Table("EXECUTION ID", "TASK", "STATE", "CPUS", "PID", "SINCE");
            foreach (var r in info.Running)
                table.Add(r.ExecutionId, r.TaskName, ExecutionFormat.State(r.State),
                    r.Cpus.Count > 0 ? Odop.Core.Hardware.CpuSet.Of(r.Cpus).ToString() : "-",
                    r.Pid == 0 ? "-" : r.Pid.ToString(CultureInfo.InvariantCulture), ExecutionFormat.Time(r.SinceUnixMs));
            sb.Append(table);
        }
        sb.AppendLine();
        sb.AppendLine($"queued      {info.Queued.ToString(CultureInfo.InvariantCulture)}");
        if (info.Drain is { } d)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"drain in    ~{Duration(d.Seconds)} ({d.QueuedCoreSeconds:0} core-s queued + {d.RunningCoreSeconds:0} core-s left to running, over {d.SideTaskCores} side-task core(s); profile times)"));
        sb.AppendLine("leases      " + (info.Leases.Count == 0 ? "none" : string.Join("  ", info.Leases.Select(l =>
            $"{l.LeaseId} ({l.Owner}) CPUs {Odop.Core.Hardware.CpuSet.Of(l.Cpus)} until {ExecutionFormat.Time(l.ExpiresAtUnixMs)}"))));
        if (info.Archive is { Archivers.Count: > 0 } archive)
            sb.AppendLine("archivers   " + string.Join("  ", archive.Archivers.Select(a =>
                $"{a.Name}: {a.Pending.ToString(CultureInfo.InvariantCulture)} pending, {a.Delivered.ToString(CultureInfo.InvariantCulture)} delivered" +
                (a.Expired > 0 ? $", {a.Expired.ToString(CultureInfo.InvariantCulture)} expired" : "") +
                (a.LastError.Length > 0 ? $" (last error: {a.LastError})" : ""))));
        return sb.ToString();
    }

    /// <summary>A short human duration: 0s, 45s, 12m30s, 3h05m, 2d04h.</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0) return "0s";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d{t.Hours:00}h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
            : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
            : $"{t.Seconds}s";
    }
}
