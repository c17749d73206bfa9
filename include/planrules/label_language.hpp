#ifndef PLANRULES_LABEL_LANGUAGE_HPP
#define PLANRULES_LABEL_LANGUAGE_HPP

namespace planrules {

/// The language of labels in reports and tables: Chinese by default, English on request.
enum class label_language : unsigned char { zh, en };

} // namespace planrules

#endif
