using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Archive</c> (archive.proto): the archivers' backlogs.</summary>
public static class ArchiveMethods
{
    public const string ServiceName = "odop.v1.Archive";

    public static readonly Method<ArchiveStatusRequest, ArchiveStatusReply> Status =
        new(MethodType.Unary, ServiceName, "Status", ArchiveStatusRequest.Parser, ArchiveStatusReply.Parser);
}
