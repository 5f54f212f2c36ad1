using System.Security.Cryptography;
using System.Text;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;

namespace Platform.IntegrationTests.Storage;

/// <summary>
/// A sweep of malformed S3 requests, sent raw. Each must get a 4xx in S3's XML error shape with S3's
/// code (or the 2xx S3 itself answers), never a 500 or a hang; afterwards the server still answers,
/// tmp/ is empty and the bucket holds exactly what it held before (no partial object).
/// </summary>
[Collection(StorageServerCollection.Name)]
public sealed class MalformedRequestTests(StorageServerFixture server)
{
    private const string Chunked =
        "\r\nContent-Encoding: aws-chunked\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nContent-Length: {CL}";

    private const string Form = "\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: {CL}";

    private static readonly string LongKey = new('k', 1025);

    /// <summary>Name, request (head, blank line, body; {CL} and {MD5} are computed from the body),
    /// expected status, expected S3 error code (null for a success).</summary>
    public static TheoryData<string, string, int, string?> Cases => new()
    {
        // The request target.
        { "invalid escape in key", "GET /{bucket}/%zz HTTP/1.1", 400, "InvalidURI" },
        { "percent at end of key", "GET /{bucket}/abc% HTTP/1.1", 400, "InvalidURI" },
        { "invalid UTF-8 in key", "PUT /{bucket}/%ff%fe HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidURI" },
        { "overlong UTF-8 in key", "PUT /{bucket}/%C0%AF HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidURI" },
        { "encoded surrogate in key", "PUT /{bucket}/%ED%A0%80 HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidURI" },
        { "invalid escape in bucket", "GET /%zz/key HTTP/1.1", 400, "InvalidURI" },
        { "invalid escape in query", "GET /{bucket}?prefix=%zz HTTP/1.1", 400, "InvalidURI" },
        { "key too long", "PUT /{bucket}/{longkey} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "KeyTooLongError" },
        { "multipart key too long", "POST /{bucket}/{longkey}?uploads HTTP/1.1\r\nContent-Length: 0", 400, "KeyTooLongError" },
        { "copy onto a key too long", "PUT /{bucket}/{longkey} HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nContent-Length: 0", 400, "KeyTooLongError" },
        { "uploads without a key", "POST /{bucket}/?uploads HTTP/1.1\r\nContent-Length: 0", 405, "MethodNotAllowed" },

        // Bucket names.
        { "bucket uppercase", "PUT /UpperCase HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket underscore", "PUT /under_score HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket too short", "PUT /ab HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket too long", "PUT /" + new string('b', 64) + " HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket IP-shaped", "PUT /192.168.5.4 HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket double dot", "PUT /a..b HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket dot-dot", "PUT /.. HTTP/1.1\r\nContent-Length: 0", 400, "InvalidBucketName" },
        { "bucket from a body that is not XML", "PUT /fresh-bucket-xml HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nnot xml", 400, "MalformedXML" },

        // Methods.
        { "unknown method", "FOO /{bucket}/obj HTTP/1.1", 405, "MethodNotAllowed" },
        { "PATCH", "PATCH /{bucket}/obj HTTP/1.1\r\nContent-Length: 0", 405, "MethodNotAllowed" },
        { "POST to a plain object", "POST /{bucket}/obj HTTP/1.1\r\nContent-Length: 0", 405, "MethodNotAllowed" },

        // Lengths.
        { "PUT without Content-Length", "PUT /{bucket}/k HTTP/1.1", 411, "MissingContentLength" },
        { "UploadPart without Content-Length", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1", 411, "MissingContentLength" },

        { "HTTP chunked body malformed", "PUT /{bucket}/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "HTTP chunked body accepted", "PUT /{bucket}/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, null },

        // aws-chunked bodies.
        { "chunk size not hex", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "chunk size negative", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "chunk without CRLF", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\n5\r\nhello0\r\n\r\n", 400, "IncompleteBody" },
        { "chunk larger than data", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 10\r\n\r\na\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "no final chunk", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\n5\r\nhello\r\n", 400, "IncompleteBody" },
        { "truncated chunk", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\n5\r\nhel", 400, "IncompleteBody" },
        { "decoded length too small", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 4\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "decoded length too large", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 6\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, "IncompleteBody" },
        { "decoded length missing", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 411, "MissingContentLength" },
        { "decoded length not a number", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: five\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, "InvalidArgument" },
        { "endless trailers", "PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\n5\r\nhello\r\n0\r\n{trailers}\r\n", 400, "IncompleteBody" },
        { "aws-chunked part, bad size", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 5\r\n\r\nxyz\r\n", 400, "IncompleteBody" },

        // Ranges and conditions on obj ("hello world", 11 bytes): S3 ignores what it cannot parse.
        { "range last before first", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=5-2", 200, null },
        { "range not numeric", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=abc", 200, null },
        { "range other unit", "GET /{bucket}/obj HTTP/1.1\r\nRange: items=0-1", 200, null },
        { "multiple ranges", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=0-1,3-4", 200, null },
        { "range huge number", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=0-99999999999999999999999", 200, null },
        { "range past the end", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=20-", 416, "InvalidRange" },
        { "empty suffix range", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=-0", 416, "InvalidRange" },
        { "valid range", "GET /{bucket}/obj HTTP/1.1\r\nRange: bytes=0-4", 206, null },
        { "invalid If-Modified-Since", "GET /{bucket}/obj HTTP/1.1\r\nIf-Modified-Since: yesterday-ish", 200, null },
        { "invalid If-Unmodified-Since", "GET /{bucket}/obj HTTP/1.1\r\nIf-Unmodified-Since: 99/99/99", 200, null },
        { "control characters in a response override", "GET /{bucket}/obj?response-content-type=a%0D%0Ab HTTP/1.1", 400, "InvalidArgument" },
        { "non-ASCII response override", "GET /{bucket}/obj?response-content-disposition=%E2%9C%93 HTTP/1.1", 400, "InvalidArgument" },

        // Content-MD5.
        { "Content-MD5 not base64", "PUT /{bucket}/k HTTP/1.1\r\nContent-MD5: not-base64!\r\nContent-Length: {CL}\r\n\r\nhello", 400, "InvalidDigest" },
        { "Content-MD5 wrong length", "PUT /{bucket}/k HTTP/1.1\r\nContent-MD5: AAAAAAAAAAAAAAAAAAAA\r\nContent-Length: {CL}\r\n\r\nhello", 400, "InvalidDigest" },
        { "Content-MD5 mismatch", "PUT /{bucket}/k HTTP/1.1\r\nContent-MD5: AAAAAAAAAAAAAAAAAAAAAA==\r\nContent-Length: {CL}\r\n\r\nhello", 400, "BadDigest" },
        { "part Content-MD5 mismatch", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1\r\nContent-MD5: AAAAAAAAAAAAAAAAAAAAAA==\r\nContent-Length: {CL}\r\n\r\nhello", 400, "BadDigest" },

        // CopyObject.
        { "copy from a missing bucket", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /no-such-bucket-copy/obj\r\nContent-Length: 0", 404, "NoSuchBucket" },
        { "copy from a missing key", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /{bucket}/nothing\r\nContent-Length: 0", 404, "NoSuchKey" },
        { "copy source without key", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: {bucket}\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy source slash", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy source bad escape", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /{bucket}/%zz\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy source invalid UTF-8", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /{bucket}/%ff\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy onto itself", "PUT /{bucket}/obj HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nContent-Length: 0", 400, "InvalidRequest" },
        { "copy unknown directive", "PUT /{bucket}/k HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nx-amz-metadata-directive: MERGE\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy range not bytes", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nx-amz-copy-source-range: bytes=abc\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy range open-ended", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nx-amz-copy-source-range: bytes=0-\r\nContent-Length: 0", 400, "InvalidArgument" },
        { "copy range past the end", "PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1\r\nx-amz-copy-source: /{bucket}/obj\r\nx-amz-copy-source-range: bytes=0-11\r\nContent-Length: 0", 400, "InvalidRequest" },

        // DeleteObjects.
        { "delete without Content-MD5", "POST /{bucket}?delete HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<Delete><Object><Key>obj</Key></Object></Delete>", 400, "InvalidRequest" },
        { "delete 1001 keys", "POST /{bucket}?delete HTTP/1.1\r\nContent-MD5: {MD5}\r\nContent-Length: {CL}\r\n\r\n{deletes1001}", 400, "MalformedXML" },
        { "delete no keys", "POST /{bucket}?delete HTTP/1.1\r\nContent-MD5: {MD5}\r\nContent-Length: {CL}\r\n\r\n<Delete></Delete>", 400, "MalformedXML" },
        { "delete not XML", "POST /{bucket}?delete HTTP/1.1\r\nContent-MD5: {MD5}\r\nContent-Length: {CL}\r\n\r\n{{{", 400, "MalformedXML" },
        { "delete object without key", "POST /{bucket}?delete HTTP/1.1\r\nContent-MD5: {MD5}\r\nContent-Length: {CL}\r\n\r\n<Delete><Object></Object></Delete>", 400, "MalformedXML" },
        { "delete with a checksum header", "POST /{bucket}?delete HTTP/1.1\r\nx-amz-checksum-crc32: AAAAAA==\r\nContent-Length: {CL}\r\n\r\n<Delete><Object><Key>absent</Key></Object></Delete>", 200, null },

        // CompleteMultipartUpload (part 1 of {upload} is uploaded, ETag {etag1}).
        { "complete with no parts", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload></CompleteMultipartUpload>", 400, "MalformedXML" },
        { "complete unknown part", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>7</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 400, "InvalidPart" },
        { "complete bad ETag", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"zz\"</ETag></Part></CompleteMultipartUpload>", 400, "InvalidPart" },
        { "complete part 0", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 400, "InvalidPart" },
        { "complete part 10001", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 400, "InvalidPart" },
        { "complete part number overflow", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>99999999999</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 400, "MalformedXML" },
        { "complete parts out of order", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"{etag1}\"</ETag></Part><Part><PartNumber>1</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 400, "InvalidPartOrder" },
        { "complete body not XML", "POST /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nparts please", 400, "MalformedXML" },
        { "complete unknown upload", "POST /{bucket}/mp?uploadId=nope HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"{etag1}\"</ETag></Part></CompleteMultipartUpload>", 404, "NoSuchUpload" },

        // UploadPart and friends.
        { "part number 0", "PUT /{bucket}/mp?partNumber=0&uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidArgument" },
        { "part number 10001", "PUT /{bucket}/mp?partNumber=10001&uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidArgument" },
        { "part number abc", "PUT /{bucket}/mp?partNumber=abc&uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidArgument" },
        { "part number missing", "PUT /{bucket}/mp?uploadId={upload} HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 400, "InvalidArgument" },
        { "part of an unknown upload", "PUT /{bucket}/mp?partNumber=1&uploadId=nope HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx", 404, "NoSuchUpload" },
        { "list parts of an unknown upload", "GET /{bucket}/mp?uploadId=nope HTTP/1.1", 404, "NoSuchUpload" },
        { "abort an unknown upload", "DELETE /{bucket}/mp?uploadId=nope HTTP/1.1", 404, "NoSuchUpload" },
        { "list parts max-parts abc", "GET /{bucket}/mp?uploadId={upload}&max-parts=abc HTTP/1.1", 400, "InvalidArgument" },
        { "list parts marker abc", "GET /{bucket}/mp?uploadId={upload}&part-number-marker=abc HTTP/1.1", 400, "InvalidArgument" },

        // Listings.
        { "max-keys negative", "GET /{bucket}?list-type=2&max-keys=-1 HTTP/1.1", 400, "InvalidArgument" },
        { "max-keys not a number", "GET /{bucket}?list-type=2&max-keys=ten HTTP/1.1", 400, "InvalidArgument" },
        { "max-keys overflow", "GET /{bucket}?max-keys=99999999999 HTTP/1.1", 400, "InvalidArgument" },
        { "max-keys zero", "GET /{bucket}?list-type=2&max-keys=0 HTTP/1.1", 200, null },
        { "bad continuation token", "GET /{bucket}?list-type=2&continuation-token=%21%21%21 HTTP/1.1", 400, "InvalidArgument" },
        { "unknown encoding-type", "GET /{bucket}?list-type=2&encoding-type=base64 HTTP/1.1", 400, "InvalidArgument" },
        { "max-uploads negative", "GET /{bucket}?uploads&max-uploads=-3 HTTP/1.1", 400, "InvalidArgument" },
        { "list a missing bucket", "GET /no-such-bucket-list HTTP/1.1", 404, "NoSuchBucket" },

        // Notification configuration.
        { "notification unknown element", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<NotificationConfiguration><Bogus/></NotificationConfiguration>", 400, "MalformedXML" },
        { "notification deep nesting", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n{deep}", 400, "MalformedXML" },
        { "notification DTD", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><NotificationConfiguration>&x;</NotificationConfiguration>", 400, "MalformedXML" },
        { "notification huge body", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n{huge}", 400, "MaxMessageLengthExceeded" },
        { "notification empty body", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: 0", 400, "MalformedXML" },
        { "notification unknown event", "PUT /{bucket}?notification HTTP/1.1\r\nContent-Length: {CL}\r\n\r\n<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f</CloudFunction><Event>s3:Nothing:*</Event></CloudFunctionConfiguration></NotificationConfiguration>", 400, "InvalidArgument" },

        // Presigned URLs.
        { "presigned expires not a number", "GET /{bucket}/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20200101T000000Z&X-Amz-Expires=soon&X-Amz-Signature=x HTTP/1.1", 400, "AuthorizationQueryParametersError" },
        { "presigned expires over a week", "GET /{bucket}/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20200101T000000Z&X-Amz-Expires=604801&X-Amz-Signature=x HTTP/1.1", 400, "AuthorizationQueryParametersError" },
        { "presigned date malformed", "GET /{bucket}/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=2020-01-01&X-Amz-Expires=60&X-Amz-Signature=x HTTP/1.1", 400, "AuthorizationQueryParametersError" },
        { "presigned date at the end of time", "GET /{bucket}/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=99991231T235959Z&X-Amz-Expires=604800&X-Amz-Signature=x HTTP/1.1", 200, null },
        { "SigV2 expires far away", "GET /{bucket}/obj?AWSAccessKeyId=a&Signature=x&Expires=99999999999999999 HTTP/1.1", 200, null },

        // Browser POST uploads.
        { "POST without key field", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ndata\r\n--XX--\r\n", 400, "InvalidArgument" },
        { "POST file before key", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ndata\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--XX--\r\n", 400, "InvalidArgument" },
        { "POST without file", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--XX--\r\n", 400, "InvalidArgument" },
        { "POST oversized field", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\n{bigfield}\r\n--XX--\r\n", 400, "MalformedPOSTRequest" },
        { "POST truncated form", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk", 400, "MalformedPOSTRequest" },
        { "POST truncated file", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nda", 400, "MalformedPOSTRequest" },
        { "POST section headers too long", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\nX-Long: {bigfield}\r\n\r\nk\r\n--XX--\r\n", 400, "MalformedPOSTRequest" },
        { "POST without disposition", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nk\r\n--XX--\r\n", 400, "MalformedPOSTRequest" },
        { "POST not a form", "POST /{bucket} HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: {CL}\r\n\r\nhello", 400, "InvalidRequest" },
        { "POST form without boundary", "POST /{bucket} HTTP/1.1\r\nContent-Type: multipart/form-data\r\nContent-Length: {CL}\r\n\r\nhello", 400, "InvalidRequest" },
        { "POST key with invalid characters", "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" + LongKey + "\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ndata\r\n--XX--\r\n", 400, "KeyTooLongError" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedRequest_GetsS3sAnswer(string name, string request, int status, string? code)
    {
        var setup = await SetUpAsync();
        var reply = await SendAsync(setup, request);

        Assert.True(reply.Status == status, $"{name}: expected {status} {code}, got {reply.Status}: {reply.Body}");
        if (code is not null)
            AssertS3Error(reply, code);
        Assert.DoesNotContain("Exception", reply.Body);
        await AssertHealthyAsync(setup, expectUnchanged: status >= 400);
    }

    [Fact]
    public async Task NonAsciiMetadataFromAForm_IsServedEncoded_NotA500()
    {
        var setup = await SetUpAsync();
        var form = "--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nformed\r\n" +
                   "--XX\r\nContent-Disposition: form-data; name=\"x-amz-meta-note\"\r\n\r\ncafé ✓\r\n" +
                   "--XX\r\nContent-Disposition: form-data; name=\"Content-Type\"\r\n\r\ntext/plain\r\nX: y\r\n" +
                   "--XX\r\nContent-Disposition: form-data; name=\"success_action_redirect\"\r\n\r\nhttp://exämple.test/\r\n" +
                   "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\ndata\r\n--XX--\r\n";
        var post = await SendAsync(setup, "POST /{bucket} HTTP/1.1" + Form + "\r\n\r\n" + form);
        Assert.True(post.Status is 204 or 303, post.Body);

        var get = await SendAsync(setup, "GET /{bucket}/formed HTTP/1.1");
        Assert.Equal(200, get.Status);
        Assert.Equal("data", get.Body);
        // RFC 2047, as S3 answers metadata that is not ASCII.
        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("café ✓")) + "?=", get.Headers["x-amz-meta-note"]);
        var head = await SendAsync(setup, "HEAD /{bucket}/formed HTTP/1.1");
        Assert.Equal(200, head.Status);
    }

    [Fact]
    public async Task ControlCharactersInKeys_AreListedAndReportedWithoutBreakingTheXml()
    {
        var setup = await SetUpAsync();
        Assert.Equal(200, (await SendAsync(setup, "PUT /{bucket}/a%01b HTTP/1.1\r\nContent-Length: {CL}\r\n\r\nx")).Status);
        var list = await SendAsync(setup, "GET /{bucket}?list-type=2 HTTP/1.1");
        Assert.Equal(200, list.Status);
        Assert.Contains("<Key>a&#x1;b</Key>", list.Body);
        var listUrl = await SendAsync(setup, "GET /{bucket}?list-type=2&encoding-type=url HTTP/1.1");
        Assert.Contains("<Key>a%01b</Key>", listUrl.Body);
        var missing = await SendAsync(setup, "GET /{bucket}/missing%02 HTTP/1.1");
        AssertS3Error(missing, "NoSuchKey");
        var prefix = await SendAsync(setup, "GET /{bucket}?prefix=%03 HTTP/1.1");
        Assert.Equal(200, prefix.Status);
    }

    [Theory]
    [InlineData("PUT /{bucket}/k HTTP/1.1\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("PUT /{bucket}/k HTTP/1.1\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("PUT /{bucket}/k HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy")]
    [InlineData("GET /{bucket}/a\0b HTTP/1.1")]
    [InlineData("PUT /{bucket}/a%00b HTTP/1.1\r\nContent-Length: 1\r\n\r\nx")]
    [InlineData("GET /{bucket}/a b HTTP/1.1")]
    public async Task RequestsKestrelRejects_Get400_AndTheServerCarriesOn(string request)
    {
        // These never reach the S3 API: Kestrel's HTTP parser answers 400 (without S3's body) and
        // closes the connection. What matters is that nothing is stored and the next request works.
        var setup = await SetUpAsync();
        var reply = await SendAsync(setup, request);
        Assert.Equal(400, reply.Status);
        await AssertHealthyAsync(setup, expectUnchanged: true);
    }

    [Theory]
    [InlineData("PUT /{bucket}/k HTTP/1.1", false)]
    [InlineData("PUT /{bucket}/k HTTP/1.1", true)]
    [InlineData("PUT /{bucket}/mp?partNumber=2&uploadId={upload} HTTP/1.1", false)]
    [InlineData("PUT /{bucket}/k HTTP/1.1" + Chunked + "\r\nx-amz-decoded-content-length: 999000", true)]
    [InlineData("POST /{bucket} HTTP/1.1" + Form, true)]
    public async Task ClientVanishingMidUpload_LeavesNoObjectAndNoTempFile(string requestLine, bool reset)
    {
        // Content-Length promises more than is sent, then the client goes away (FIN or RST). Kestrel
        // has no way to answer either, so the test waits for the server to finish the request; the
        // upload must leave neither an object nor a temp file behind.
        var setup = await SetUpAsync();
        var partial = Encoding.ASCII.GetBytes(
            "--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n");
        var body = requestLine.Contains("aws-chunked", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes("f3e58\r\n") : partial;
        var head = Fill(setup, requestLine).Replace("\r\nContent-Length: {CL}", "", StringComparison.Ordinal) + "\r\nContent-Length: 1000000";
        var seen = server.RequestFinished.Version;
        await RawHttp.AbortMidBodyAsync(server.Port, head, [.. body, .. new byte[200_000]], reset);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (server.RequestFinished.Version == seen)
            await server.RequestFinished.WaitAsync(seen, Timeout.InfiniteTimeSpan, TimeProvider.System, timeout.Token);
        await AssertHealthyAsync(setup, expectUnchanged: true);
    }

    // ---- support ----

    private sealed record Setup(string Bucket, string UploadId, string Part1ETag);

    private async Task<Setup> SetUpAsync()
    {
        var bucket = "mal-" + Guid.NewGuid().ToString("N")[..12];
        var engine = server.Engine;
        await engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        await engine.PutObjectAsync(new PutObjectRequest(bucket, "obj"), new MemoryStream("hello world"u8.ToArray()), RequestOrigin.Internal,
            CancellationToken.None);
        var upload = await engine.CreateMultipartUploadAsync(bucket, "mp", ObjectMetadata.Empty, CancellationToken.None);
        var part = await engine.UploadPartAsync(bucket, "mp", upload.UploadId, 1, new MemoryStream("part-one"u8.ToArray()), null, null,
            CancellationToken.None);
        return new Setup(bucket, upload.UploadId, part.ETag);
    }

    private Task<RawHttp.Reply> SendAsync(Setup setup, string request)
    {
        var split = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? request : request[..split];
        var body = Encoding.UTF8.GetBytes(split < 0 ? "" : Fill(setup, request[(split + 4)..]));
        head = Fill(setup, head)
            .Replace("{CL}", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{MD5}", Convert.ToBase64String(MD5.HashData(body)), StringComparison.Ordinal);
        return RawHttp.SendAsync(server.Port, head, body);
    }

    private static string Fill(Setup setup, string text)
    {
        if (!text.Contains('{'))
            return text;
        return text
            .Replace("{bucket}", setup.Bucket, StringComparison.Ordinal)
            .Replace("{upload}", Uri.EscapeDataString(setup.UploadId), StringComparison.Ordinal)
            .Replace("{etag1}", setup.Part1ETag, StringComparison.Ordinal)
            .Replace("{longkey}", LongKey, StringComparison.Ordinal)
            .Replace("{deletes1001}", "<Delete>" + string.Concat(Enumerable.Range(0, 1001).Select(i => $"<Object><Key>k{i}</Key></Object>")) + "</Delete>",
                StringComparison.Ordinal)
            .Replace("{deep}", "<NotificationConfiguration><CloudFunctionConfiguration>" + string.Concat(Enumerable.Repeat("<a>", 20_000)) +
                string.Concat(Enumerable.Repeat("</a>", 20_000)) + "</CloudFunctionConfiguration></NotificationConfiguration>", StringComparison.Ordinal)
            .Replace("{huge}", "<NotificationConfiguration>" + new string(' ', 1024 * 1024) + "</NotificationConfiguration>", StringComparison.Ordinal)
            .Replace("{bigfield}", new string('p', 70_000), StringComparison.Ordinal)
            .Replace("{trailers}", string.Concat(Enumerable.Range(0, 2000).Select(i => $"x-t{i}: v\r\n")), StringComparison.Ordinal);
    }

    private static void AssertS3Error(RawHttp.Reply reply, string code)
    {
        Assert.True(reply.Body.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>", StringComparison.Ordinal),
            $"Not an S3 error document ({reply.Status}): {reply.Body}");
        Assert.Contains($"<Code>{code}</Code>", reply.Body);
        Assert.Contains("<RequestId>", reply.Body);
        Assert.Equal("application/xml", reply.Headers["Content-Type"]);
        Assert.True(reply.Headers.ContainsKey("x-amz-request-id"));
    }

    /// <summary>The server still answers, no temp file is left behind, and after a failed request the
    /// bucket is exactly as set up: one object "obj" with its body and the upload's single part.</summary>
    private async Task AssertHealthyAsync(Setup setup, bool expectUnchanged)
    {
        var list = await RawHttp.SendAsync(server.Port, "GET / HTTP/1.1", []);
        Assert.Equal(200, list.Status);
        Assert.Contains("ListAllMyBucketsResult", list.Body);
        Assert.Empty(Directory.EnumerateFiles(server.Directory.TempPath));
        if (!expectUnchanged)
            return;

        var keys = server.Engine.ListObjects(new ListObjectsQuery(setup.Bucket) { MaxKeys = 1000 }).Objects.Select(o => o.Key);
        Assert.Equal(new[] { "obj" }, keys);
        var obj = await RawHttp.SendAsync(server.Port, $"GET /{setup.Bucket}/obj HTTP/1.1", []);
        Assert.Equal("hello world", obj.Body);
        var parts = server.Engine.ListParts(setup.Bucket, "mp", setup.UploadId, 0, 100);
        Assert.Equal(new[] { 1 }, parts.Select(p => p.PartNumber));
        var missing = await RawHttp.SendAsync(server.Port, $"GET /{setup.Bucket}/k HTTP/1.1", []);
        AssertS3Error(missing, "NoSuchKey");
    }
}
