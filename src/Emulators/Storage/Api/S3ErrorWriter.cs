using Microsoft.AspNetCore.Http;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>S3's error document. HEAD replies carry the status only, as S3's do.</summary>
internal static class S3ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, StorageException error, string requestId, string hostId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = error.HttpStatus;
        if (HttpMethods.IsHead(context.Request.Method) || error.HttpStatus == 304)
            return;

        var xml = S3Xml.Render("Error", writer =>
        {
            writer.Element("Code", error.Code);
            writer.Element("Message", error.Message);
            foreach (var (name, value) in error.Details)
                writer.Element(name, value);
            writer.Element("RequestId", requestId);
            writer.Element("HostId", hostId);
        }, withNamespace: false);
        await S3Xml.WriteAsync(response, error.HttpStatus, xml, context.RequestAborted).ConfigureAwait(false);
    }
}
