-- One row per answer that got feedback; answer_key is the SHA-256 of the answer id's signature.
CREATE TABLE feedback (
    answer_key       CHAR(64)                 PRIMARY KEY,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    kind             VARCHAR(8)               NOT NULL,
    label            VARCHAR(64)              NOT NULL,
    detector         VARCHAR(64)              NOT NULL,
    detector_version VARCHAR(32)              NOT NULL
);
CREATE INDEX feedback_received_at ON feedback (received_at);

-- Each drawing the models saw: the 28x28 input (784 bytes, 0 = background, 255 = ink), the
-- detector's verdict, and the true digit (0-9, 10 = not a digit; NULL when a number's label does
-- not line up with the marks found).
CREATE TABLE feedback_mark (
    answer_key CHAR(64)    NOT NULL REFERENCES feedback (answer_key) ON DELETE CASCADE,
    position   SMALLINT    NOT NULL,
    pixels     BYTEA       NOT NULL,
    verdict    VARCHAR(16) NOT NULL,
    actual     SMALLINT,
    PRIMARY KEY (answer_key, position)
);

-- Each model's reading of each drawing, and the version that answered.
CREATE TABLE feedback_prediction (
    answer_key    CHAR(64)     NOT NULL,
    position      SMALLINT     NOT NULL,
    model         VARCHAR(64)  NOT NULL,
    version       VARCHAR(32)  NOT NULL,
    digit         SMALLINT     NOT NULL,
    probabilities VARCHAR(256) NOT NULL,
    PRIMARY KEY (answer_key, position, model),
    FOREIGN KEY (answer_key, position) REFERENCES feedback_mark (answer_key, position) ON DELETE CASCADE
);
