/// The framework XSD (`Definitions/schema/framework.xsd`), embedded so that loading needs no installed files.
///
/// A test asserts that this text and the file are identical: edit the file, then copy it here.
enum FrameworkSchema {
    /// The XSD text.
    static let text = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!--
          Accredit standards frameworks and crosswalks, namespace urn:accredit:framework:1.
          See docs/frameworks.md. Foundation, standard, criterion and rating level ids are checked for duplicates by the
          static checks (rule framework.duplicate-id) rather than typed xs:ID, so the message names the kind and both lines;
          award rule ids are xs:ID.
        -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:f="urn:accredit:framework:1"
            targetNamespace="urn:accredit:framework:1" elementFormDefault="qualified" attributeFormDefault="unqualified">

          <xs:simpleType name="Text">
            <xs:restriction base="xs:string">
              <xs:minLength value="1"/>
              <xs:maxLength value="20000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Label">
            <xs:restriction base="xs:token">
              <xs:minLength value="1"/>
              <xs:maxLength value="300"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Slug">
            <xs:restriction base="xs:token">
              <xs:pattern value="[a-z][a-z0-9]*(-[a-z0-9]+)*"/>
              <xs:maxLength value="100"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Version">
            <xs:restriction base="xs:token">
              <xs:pattern value="[0-9]+(\.[0-9]+)*"/>
              <xs:maxLength value="40"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="FoundationCode">
            <xs:restriction base="xs:token">
              <xs:pattern value="[A-Z][A-Z0-9]{1,5}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="StandardID">
            <xs:restriction base="xs:token">
              <xs:pattern value="[A-Z][A-Z0-9]{1,5}-[0-9]{1,3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CriterionID">
            <xs:restriction base="xs:token">
              <xs:pattern value="[A-Z][A-Z0-9]{1,5}-[0-9]{1,3}\.[0-9]{1,3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CriterionIDList">
            <xs:restriction>
              <xs:simpleType>
                <xs:list itemType="f:CriterionID"/>
              </xs:simpleType>
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Score">
            <xs:restriction base="xs:int">
              <xs:minInclusive value="0"/>
              <xs:maxInclusive value="1000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Outcome">
            <xs:restriction base="xs:token">
              <xs:enumeration value="accredited"/>
              <xs:enumeration value="accredited-with-conditions"/>
              <xs:enumeration value="not-accredited"/>
              <xs:enumeration value="incomplete"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Condition">
            <xs:restriction base="xs:string">
              <xs:minLength value="1"/>
              <xs:maxLength value="2000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="MediaHints">
            <xs:list itemType="f:Label"/>
          </xs:simpleType>

          <xs:simpleType name="Href">
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9._\-]+\.xml"/>
            </xs:restriction>
          </xs:simpleType>

          <!-- A framework: rating scale, foundations, award rules. -->
          <xs:element name="framework">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="summary" type="f:Text" minOccurs="0"/>
                <xs:element ref="f:rating-scale"/>
                <xs:element ref="f:foundation" maxOccurs="50"/>
                <xs:element ref="f:award-rules"/>
              </xs:sequence>
              <xs:attribute name="id" type="f:Slug" use="required"/>
              <xs:attribute name="version" type="f:Version" use="required"/>
              <xs:attribute name="title" type="f:Label" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="rating-scale">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="level" maxOccurs="20">
                  <xs:complexType>
                    <xs:attribute name="id" type="f:Slug" use="required"/>
                    <xs:attribute name="label" type="f:Label" use="required"/>
                    <xs:attribute name="score" type="f:Score" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="met-level" type="f:Slug" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="foundation">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="summary" type="f:Text" minOccurs="0"/>
                <xs:element ref="f:standard" maxOccurs="100"/>
              </xs:sequence>
              <xs:attribute name="id" type="f:FoundationCode" use="required"/>
              <xs:attribute name="title" type="f:Label" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="standard">
            <xs:complexType>
              <xs:sequence>
                <xs:element ref="f:criterion" maxOccurs="100"/>
              </xs:sequence>
              <xs:attribute name="id" type="f:StandardID" use="required"/>
              <xs:attribute name="title" type="f:Label" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="criterion">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="text" type="f:Text"/>
                <xs:element name="guidance" type="f:Text" minOccurs="0"/>
                <xs:element name="evidence" maxOccurs="20">
                  <xs:complexType>
                    <xs:simpleContent>
                      <xs:extension base="f:Text">
                        <xs:attribute name="media" type="f:MediaHints"/>
                      </xs:extension>
                    </xs:simpleContent>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="id" type="f:CriterionID" use="required"/>
              <xs:attribute name="mandatory" type="xs:boolean" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="award-rules">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="rule" maxOccurs="100">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="explanation" type="f:Text"/>
                    </xs:sequence>
                    <xs:attribute name="id" type="xs:ID" use="required"/>
                    <xs:attribute name="outcome" type="f:Outcome" use="required"/>
                    <xs:attribute name="when" type="f:Condition" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>

          <!-- A crosswalk from one version of a framework to the next; the hrefs are sibling files. -->
          <xs:element name="crosswalk">
            <xs:complexType>
              <xs:choice maxOccurs="unbounded">
                <xs:element name="map" type="f:OneToOne"/>
                <xs:element name="split">
                  <xs:complexType>
                    <xs:attribute name="from" type="f:CriterionID" use="required"/>
                    <xs:attribute name="to" type="f:CriterionIDList" use="required"/>
                    <xs:attribute name="note" type="f:Label"/>
                  </xs:complexType>
                </xs:element>
                <xs:element name="merge">
                  <xs:complexType>
                    <xs:attribute name="from" type="f:CriterionIDList" use="required"/>
                    <xs:attribute name="to" type="f:CriterionID" use="required"/>
                    <xs:attribute name="note" type="f:Label"/>
                  </xs:complexType>
                </xs:element>
                <xs:element name="new">
                  <xs:complexType>
                    <xs:attribute name="to" type="f:CriterionIDList" use="required"/>
                    <xs:attribute name="note" type="f:Label"/>
                  </xs:complexType>
                </xs:element>
                <xs:element name="retire">
                  <xs:complexType>
                    <xs:attribute name="from" type="f:CriterionIDList" use="required"/>
                    <xs:attribute name="note" type="f:Label"/>
                  </xs:complexType>
                </xs:element>
              </xs:choice>
              <xs:attribute name="framework" type="f:Slug" use="required"/>
              <xs:attribute name="from-version" type="f:Version" use="required"/>
              <xs:attribute name="to-version" type="f:Version" use="required"/>
              <xs:attribute name="from-href" type="f:Href" use="required"/>
              <xs:attribute name="to-href" type="f:Href" use="required"/>
            </xs:complexType>
          </xs:element>

          <xs:complexType name="OneToOne">
            <xs:attribute name="from" type="f:CriterionID" use="required"/>
            <xs:attribute name="to" type="f:CriterionID" use="required"/>
            <xs:attribute name="note" type="f:Label"/>
          </xs:complexType>
        </xs:schema>
        """#

    /// The XSD's bytes, kept for the life of the process: `XMLSchema.init(_:file:)` lets libxml2 keep a pointer to
    /// the buffer past `withUnsafeBufferPointer`, so a temporary array is freed before `xmlSchemaParse` reads it in
    /// release builds (seen as "xsd.schema: Start tag expected").
    static let bytes: [UInt8] = Array(text.utf8) + [0x0a]

    /// The compiled schema, or the diagnostics that stopped it compiling; compiled once, on first use.
    static let compiled: Result<XMLSchema, XMLDiagnostics> = {
        Result { () throws(XMLDiagnostics) -> XMLSchema in
            try XMLSchema(bytes, file: "framework.xsd")
        }
    }()
}
