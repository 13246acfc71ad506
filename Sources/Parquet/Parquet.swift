import CZlib
import CZstd
import CBrotli
// The Parquet layer; arrives with its issue.
