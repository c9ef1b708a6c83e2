using Odop.Archiving;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Archive: each configured archiver's backlog and counters (empty without archivers).</summary>
internal sealed class ArchiveService(ArchiveDispatcher? archive)
{
    public void Register(GrpcServer server) =>
        server.AddUnary(ArchiveMethods.Status, (_, _) => Task.FromResult(ToProto(archive?.Status() ?? [])));

    internal static ArchiveStatusReply ToProto(IReadOnlyList<ArchiveStatus> statuses)
    {
        var reply = new ArchiveStatusReply();
        foreach (var s in statuses)
        {
            reply.Archivers.Add(new ArchiverStatus
            {
                Name = s.Name,
                Type = s.Type,
                Pending = s.Pending,
                Delivered = s.Delivered,
                FailedAttempts = s.FailedAttempts,
                Expired = s.Expired,
                GivenUp = s.GivenUp,
                LastError = s.LastError ?? "",
                LastErrorAtUnixMs = s.LastErrorAt?.ToUnixTimeMilliseconds() ?? 0,
                BackingOffUntilUnixMs = s.BackingOffUntil?.ToUnixTimeMilliseconds() ?? 0,
            });
        }
        return reply;
    }
}
