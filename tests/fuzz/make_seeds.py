"""Writes the fuzz targets' seed corpus (tests/fuzz/corpus/<service>/): for
every unary method of each service, a request with every field filled with a
plausible value, as each kind of caller. Input form: method index byte,
caller index byte, request bytes (tests/fuzz/service_fuzzer.cc).

  PYTHONPATH=build/python_stubs python3 tests/fuzz/make_seeds.py
"""
import hashlib
import importlib
import os

from google.protobuf import descriptor

SERVICES = {
    "directory": ("summit.directory.v1.directory_service_pb2", "DirectoryService"),
    "recommendations": ("summit.recommendations.v1.recommendation_service_pb2",
                        "RecommendationService"),
    "reviews": ("summit.reviews.v1.review_service_pb2", "ReviewService"),
    "meetings": ("summit.meetings.v1.meeting_service_pb2", "MeetingService"),
    "briefing": ("summit.briefing.v1.briefing_service_pb2", "BriefingService"),
    "feed": ("summit.feed.v1.feed_service_pb2", "FeedService"),
}
# Callers (service_fuzzer.cc): 0 none, 1 admin, 2 coordinator, 3 expert, 4 observer, 5 service.
REC = "summits/ca-kr-2025/recommendations/rec-1"
VALUES = {
    "name": REC, "parent": "summits/ca-kr-2025", "summit": "summits/ca-kr-2025",
    "track": "summits/ca-kr-2025/tracks/ai", "person": "people/aigerim",
    "reviewer": "people/aigerim", "organization": "organizations/kisi",
    "author": "people/aigerim", "language": "en", "country_code": "KZ",
    "time_zone": "Asia/Almaty", "email": "a@kisi.kz", "request_id": "seed-1",
}
F = descriptor.FieldDescriptor


def fill(message, depth=0):
    for field in message.DESCRIPTOR.fields:
        repeated = field.label == F.LABEL_REPEATED
        if field.message_type is not None:
            if field.message_type.GetOptions().map_entry or depth > 2:
                continue
            child = getattr(message, field.name).add() if repeated \
                else getattr(message, field.name)
            if field.message_type.full_name == "google.protobuf.Timestamp":
                child.seconds = 1900000000
            elif field.message_type.full_name == "google.protobuf.Duration":
                child.seconds = 3600
            elif field.message_type.full_name == "google.protobuf.FieldMask":
                child.paths.append("display_name")
            else:
                fill(child, depth + 1)
            continue
        if field.type == F.TYPE_STRING:
            value = VALUES.get(field.name, f"{field.name} Қазақстан 한국")
        elif field.type == F.TYPE_ENUM:
            value = 1
        elif field.type == F.TYPE_BOOL:
            value = True
        elif field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
            value = 1.0
        elif field.type == F.TYPE_BYTES:
            value = b"x"
        else:
            value = 1
        if repeated:
            getattr(message, field.name).append(value)
        else:
            setattr(message, field.name, value)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    for service, (module, name) in SERVICES.items():
        desc = importlib.import_module(module).DESCRIPTOR.services_by_name[name]
        unary = [m for m in desc.methods if not m.server_streaming and not m.client_streaming]
        folder = os.path.join(root, service)
        os.makedirs(folder, exist_ok=True)
        for index, method in enumerate(unary):
            cls = importlib.import_module(module).__dict__.get(method.input_type.name)
            if cls is None:
                continue
            empty, filled = cls(), cls()
            fill(filled)
            for request in (empty, filled):
                for caller in (1, 2, 3):  # admin, coordinator, expert
                    data = bytes([index, caller]) + request.SerializeToString()
                    path = os.path.join(folder, hashlib.sha1(data).hexdigest()[:16])
                    with open(path, "wb") as f:
                        f.write(data)


if __name__ == "__main__":
    main()
