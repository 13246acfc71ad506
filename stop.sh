#!/bin/bash
PID=$(cat /tmp/h2/pid.$1 2>/dev/null) && kill $PID 2>/dev/null; sleep 0.3; kill -0 $PID 2>/dev/null && kill -9 $PID; true
