/// The workflow XSD (`Definitions/schema/accredit-scxml.xsd`), embedded so that loading needs no installed files.
///
/// A test asserts that this text and the file are identical: edit the file, then copy it here.
enum WorkflowSchema {
    /// The XSD text.
    static let text = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!--
          Accredit's SCXML dialect: W3C SCXML 1.0 (namespace http://www.w3.org/2005/07/scxml) as the engine runs it, plus
          the accreditation extension namespace urn:accredit:workflow:1 (prefix acc). See docs/workflow-language.md.

          One schema, no imports: libxml2's external loading is disabled process-wide, so the acc namespace is admitted
          where SCXML allows foreign content (xs:any / xs:anyAttribute namespace="##other", processContents="lax") and its
          elements and attributes (acc:role, acc:roles, acc:version, acc:framework, acc:framework-version) are checked by
          the static checks (rule workflow.extension). State ids are checked for duplicates by the static checks (rule
          workflow.duplicate-id) rather than typed xs:ID, so the message names both lines. <script> is not part of the
          dialect.
        -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:sc="http://www.w3.org/2005/07/scxml"
            targetNamespace="http://www.w3.org/2005/07/scxml" elementFormDefault="qualified"
            attributeFormDefault="unqualified">

          <xs:simpleType name="Name">
            <xs:restriction base="xs:token">
              <xs:pattern value="[a-z][a-z0-9]*(-[a-z0-9]+)*"/>
              <xs:maxLength value="100"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="ID">
            <xs:restriction base="xs:NCName">
              <xs:maxLength value="200"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="IDs">
            <xs:restriction base="xs:token">
              <xs:maxLength value="2000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Expression">
            <xs:restriction base="xs:string">
              <xs:maxLength value="4000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Events">
            <xs:restriction base="xs:token">
              <xs:pattern value="[A-Za-z0-9_.*:\-]+( [A-Za-z0-9_.*:\-]+)*"/>
              <xs:maxLength value="2000"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:group name="Executable">
            <xs:choice>
              <xs:element ref="sc:raise"/>
              <xs:element ref="sc:if"/>
              <xs:element ref="sc:foreach"/>
              <xs:element ref="sc:log"/>
              <xs:element ref="sc:assign"/>
              <xs:element ref="sc:send"/>
              <xs:element ref="sc:cancel"/>
              <xs:any namespace="##other" processContents="lax"/>
            </xs:choice>
          </xs:group>

          <xs:complexType name="ExecutableBlock">
            <xs:group ref="sc:Executable" minOccurs="0" maxOccurs="unbounded"/>
            <xs:anyAttribute namespace="##other" processContents="lax"/>
          </xs:complexType>

          <xs:element name="scxml">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:state"/>
                <xs:element ref="sc:parallel"/>
                <xs:element ref="sc:final"/>
                <xs:element ref="sc:datamodel"/>
                <xs:any namespace="##other" processContents="lax"/>
              </xs:choice>
              <xs:attribute name="version" type="xs:decimal" use="required" fixed="1.0"/>
              <xs:attribute name="name" type="sc:Name" use="required"/>
              <xs:attribute name="initial" type="sc:IDs"/>
              <xs:attribute name="datamodel">
                <xs:simpleType>
                  <xs:restriction base="xs:token">
                    <xs:enumeration value="null"/>
                    <xs:enumeration value="accredit"/>
                  </xs:restriction>
                </xs:simpleType>
              </xs:attribute>
              <xs:attribute name="binding">
                <xs:simpleType>
                  <xs:restriction base="xs:token">
                    <xs:enumeration value="early"/>
                    <xs:enumeration value="late"/>
                  </xs:restriction>
                </xs:simpleType>
              </xs:attribute>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="state">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:onentry"/>
                <xs:element ref="sc:onexit"/>
                <xs:element ref="sc:transition"/>
                <xs:element ref="sc:initial"/>
                <xs:element ref="sc:state"/>
                <xs:element ref="sc:parallel"/>
                <xs:element ref="sc:final"/>
                <xs:element ref="sc:history"/>
                <xs:element ref="sc:datamodel"/>
                <xs:element ref="sc:invoke"/>
                <xs:any namespace="##other" processContents="lax"/>
              </xs:choice>
              <xs:attribute name="id" type="sc:ID"/>
              <xs:attribute name="initial" type="sc:IDs"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="parallel">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:onentry"/>
                <xs:element ref="sc:onexit"/>
                <xs:element ref="sc:transition"/>
                <xs:element ref="sc:state"/>
                <xs:element ref="sc:parallel"/>
                <xs:element ref="sc:history"/>
                <xs:element ref="sc:datamodel"/>
                <xs:element ref="sc:invoke"/>
                <xs:any namespace="##other" processContents="lax"/>
              </xs:choice>
              <xs:attribute name="id" type="sc:ID"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="final">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:onentry"/>
                <xs:element ref="sc:onexit"/>
                <xs:element ref="sc:donedata"/>
                <xs:any namespace="##other" processContents="lax"/>
              </xs:choice>
              <xs:attribute name="id" type="sc:ID"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="history">
            <xs:complexType>
              <xs:sequence>
                <xs:element ref="sc:transition" minOccurs="0"/>
                <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="id" type="sc:ID"/>
              <xs:attribute name="type">
                <xs:simpleType>
                  <xs:restriction base="xs:token">
                    <xs:enumeration value="shallow"/>
                    <xs:enumeration value="deep"/>
                  </xs:restriction>
                </xs:simpleType>
              </xs:attribute>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="initial">
            <xs:complexType>
              <xs:sequence>
                <xs:element ref="sc:transition"/>
              </xs:sequence>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="transition">
            <xs:complexType>
              <xs:group ref="sc:Executable" minOccurs="0" maxOccurs="unbounded"/>
              <xs:attribute name="event" type="sc:Events"/>
              <xs:attribute name="cond" type="sc:Expression"/>
              <xs:attribute name="target" type="sc:IDs"/>
              <xs:attribute name="type">
                <xs:simpleType>
                  <xs:restriction base="xs:token">
                    <xs:enumeration value="internal"/>
                    <xs:enumeration value="external"/>
                  </xs:restriction>
                </xs:simpleType>
              </xs:attribute>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="onentry" type="sc:ExecutableBlock"/>
          <xs:element name="onexit" type="sc:ExecutableBlock"/>
          <xs:element name="finalize" type="sc:ExecutableBlock"/>

          <xs:element name="datamodel">
            <xs:complexType>
              <xs:sequence>
                <xs:element ref="sc:data" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="data">
            <xs:complexType mixed="true">
              <xs:sequence>
                <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="id" type="sc:ID" use="required"/>
              <xs:attribute name="src" type="xs:anyURI"/>
              <xs:attribute name="expr" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="invoke">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:param"/>
                <xs:element ref="sc:finalize"/>
                <xs:element ref="sc:content"/>
                <xs:any namespace="##other" processContents="lax"/>
              </xs:choice>
              <xs:attribute name="type" type="xs:string"/>
              <xs:attribute name="typeexpr" type="sc:Expression"/>
              <xs:attribute name="src" type="xs:anyURI"/>
              <xs:attribute name="srcexpr" type="sc:Expression"/>
              <xs:attribute name="id" type="sc:ID"/>
              <xs:attribute name="idlocation" type="sc:Expression"/>
              <xs:attribute name="namelist" type="sc:IDs"/>
              <xs:attribute name="autoforward" type="xs:boolean"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="donedata">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:content"/>
                <xs:element ref="sc:param"/>
              </xs:choice>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="content">
            <xs:complexType mixed="true">
              <xs:sequence>
                <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="expr" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="param">
            <xs:complexType>
              <xs:attribute name="name" type="xs:NMTOKEN" use="required"/>
              <xs:attribute name="expr" type="sc:Expression"/>
              <xs:attribute name="location" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="raise">
            <xs:complexType>
              <xs:attribute name="event" type="sc:Events" use="required"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="if">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:group ref="sc:Executable"/>
                <xs:element ref="sc:elseif"/>
                <xs:element ref="sc:else"/>
              </xs:choice>
              <xs:attribute name="cond" type="sc:Expression" use="required"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="elseif">
            <xs:complexType>
              <xs:attribute name="cond" type="sc:Expression" use="required"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="else">
            <xs:complexType>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="foreach">
            <xs:complexType>
              <xs:group ref="sc:Executable" minOccurs="0" maxOccurs="unbounded"/>
              <xs:attribute name="array" type="sc:Expression" use="required"/>
              <xs:attribute name="item" type="xs:string" use="required"/>
              <xs:attribute name="index" type="xs:string"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="log">
            <xs:complexType>
              <xs:attribute name="label" type="xs:string"/>
              <xs:attribute name="expr" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="assign">
            <xs:complexType mixed="true">
              <xs:sequence>
                <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="location" type="sc:Expression" use="required"/>
              <xs:attribute name="expr" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="send">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element ref="sc:param"/>
                <xs:element ref="sc:content"/>
              </xs:choice>
              <xs:attribute name="event" type="sc:Events"/>
              <xs:attribute name="eventexpr" type="sc:Expression"/>
              <xs:attribute name="target" type="xs:string"/>
              <xs:attribute name="targetexpr" type="sc:Expression"/>
              <xs:attribute name="type" type="xs:string"/>
              <xs:attribute name="typeexpr" type="sc:Expression"/>
              <xs:attribute name="id" type="xs:string"/>
              <xs:attribute name="idlocation" type="sc:Expression"/>
              <xs:attribute name="delay" type="xs:string"/>
              <xs:attribute name="delayexpr" type="sc:Expression"/>
              <xs:attribute name="namelist" type="sc:IDs"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>

          <xs:element name="cancel">
            <xs:complexType>
              <xs:attribute name="sendid" type="xs:string"/>
              <xs:attribute name="sendidexpr" type="sc:Expression"/>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """#

    /// The XSD's bytes, kept for the life of the process (libxml2 may keep a pointer to the buffer while parsing).
    static let bytes: [UInt8] = Array(text.utf8) + [0x0a]

    /// The compiled schema, or the diagnostics that stopped it compiling; compiled once, on first use.
    static let compiled: Result<XMLSchema, XMLDiagnostics> = {
        Result { () throws(XMLDiagnostics) -> XMLSchema in
            try XMLSchema(bytes, file: "accredit-scxml.xsd")
        }
    }()
}
