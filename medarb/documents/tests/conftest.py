from medarb.documents.testing import _session_data_dir, document_store, smtp_server  # noqa: F401
